package dev.ferry.faultharness;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Ferry side of one scenario: the mock provider, two gateways sharing the job store (standby replicas, forwarded
 * lookups) and two workers, on fresh topics. Built by {@link ClusterProcesses#deploy}.
 */
final class FerryDeployment {

    private final Path dir;
    private final ScenarioTopics topics;
    private final FerryProcess mock;
    private final List<FerryProcess> gateways;
    private final List<FerryProcess> workers;
    private final List<String> startupFailures = new ArrayList<>();

    private FerryDeployment(Path dir, ScenarioTopics topics, FerryProcess mock, List<FerryProcess> gateways,
            List<FerryProcess> workers) {
        this.dir = dir;
        this.topics = topics;
        this.mock = mock;
        this.gateways = List.copyOf(gateways);
        this.workers = List.copyOf(workers);
    }

    static FerryDeployment create(String scenarioId, Path dir, String bootstrapServers, Duration mockLatency,
            JvmSpec spec, ProcessRegistry registry, HarnessHttp http) {
        return create(scenarioId, dir, bootstrapServers, mockLatency, spec, registry, http, Map.of());
    }

    static FerryDeployment create(String scenarioId, Path dir, String bootstrapServers, Duration mockLatency,
            JvmSpec spec, ProcessRegistry registry, HarnessHttp http, Map<String, String> extraEnvironment) {
        ScenarioTopics topics = ScenarioTopics.forScenario(scenarioId);
        List<Integer> ports = FreePorts.pick(3);
        FerryProcess mock = FerryProcess.mockProvider("mock-provider", ports.get(0), mockLatency,
                spec.withHeap(128), dir.resolve("mock-provider.log"), registry, http);
        Map<String, String> shared = new HashMap<>(topics.environment());
        shared.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        shared.put("FERRY_TOPIC_PARTITIONS", "6");
        shared.put("FERRY_TOPIC_REPLICATION_FACTOR", "3");
        shared.put("FERRY_MOCK_PROVIDER_URL", mock.baseUri().resolve("/v1").toString());
        shared.putAll(BatchTopics.forScenario(scenarioId).environment());
        shared.putAll(extraEnvironment);
        List<FerryProcess> gateways = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            String name = "gateway-" + i;
            Map<String, String> env = new HashMap<>(shared);
            env.put("FERRY_DATA_DIR", dir.resolve(name).toString());
            env.put("FERRY_STATE_DIR", dir.resolve(name).resolve("state").toString());
            env.put("FERRY_PORT", Integer.toString(ports.get(i)));
            env.put("FERRY_ADVERTISED_HOST", "127.0.0.1");
            env.put("FERRY_STANDBY_REPLICAS", "1");
            gateways.add(FerryProcess.gateway(name, ports.get(i), env, spec.withHeap(320), dir.resolve(name + ".log"),
                    registry, http));
        }
        List<FerryProcess> workers = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            String name = "worker-" + i;
            Map<String, String> env = new HashMap<>(shared);
            env.put("FERRY_DATA_DIR", dir.resolve(name).toString());
            // the audit counts a job's runs by its started events, so every run announces its start
            env.put("FERRY_WORKER_STARTED_EVENT_DELAY_MS", "0");
            // the consumer coordinator's INFO lines show each rebalance: what was revoked, assigned, committed
            workers.add(FerryProcess.worker(name, env, spec.withHeap(256,
                    "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.clients.consumer.internals.ConsumerCoordinator=info"),
                    dir.resolve(name + ".log"), registry, http));
        }
        return new FerryDeployment(dir, topics, mock, gateways, workers);
    }

    /** Starts every process (the JVMs start side by side) and waits until each serves. */
    void start(Duration readyTimeout) throws IOException, InterruptedException {
        mock.start();
        for (FerryProcess process : all()) {
            if (process != mock) {
                process.start();
            }
        }
        for (FerryProcess process : all()) {
            awaitReady(process, readyTimeout);
        }
    }

    /** Starts a killed process again on the same port and directories, then waits until it serves. */
    void restart(FerryProcess process, Duration readyTimeout) throws IOException, InterruptedException {
        process.start();
        awaitReady(process, readyTimeout);
    }

    /**
     * Waits until the process serves. A process that exits while starting is started again, up to twice, and its
     * error is kept for the report: a Ferry process must start against a healthy cluster, so each one is a finding.
     */
    private void awaitReady(FerryProcess process, Duration readyTimeout) throws IOException, InterruptedException {
        for (int retry = 0; ; retry++) {
            try {
                process.awaitReady(readyTimeout);
                return;
            } catch (IllegalStateException e) {
                if (process.jvm().isAlive() || retry >= 2) {
                    throw e;
                }
                startupFailures.add(process.name() + " exited while starting: " + firstError(process));
                process.start();
            }
        }
    }

    private static String firstError(FerryProcess process) {
        return process.jvm().logSinceStart().lines()
                .filter(line -> line.contains("Exception") || line.contains("Error"))
                .findFirst()
                .orElse("(no error logged)")
                .trim();
    }

    /** Errors of Ferry processes that exited while starting and were started again. */
    List<String> startupFailures() {
        return List.copyOf(startupFailures);
    }

    ScenarioTopics topics() {
        return topics;
    }

    FerryProcess mock() {
        return mock;
    }

    List<FerryProcess> gateways() {
        return gateways;
    }

    List<FerryProcess> workers() {
        return workers;
    }

    List<URI> gatewayUris() {
        return gateways.stream().map(FerryProcess::baseUri).toList();
    }

    private List<FerryProcess> all() {
        List<FerryProcess> all = new ArrayList<>();
        all.add(mock);
        all.addAll(gateways);
        all.addAll(workers);
        return all;
    }

    /**
     * The audit is done when this is called: nothing is left to drain, so every process is simply killed. The
     * gateways' RocksDB directories go too (about 70 MB each); the logs stay.
     */
    void destroy() throws InterruptedException {
        for (FerryProcess process : all()) {
            process.kill();
        }
        for (FerryProcess gateway : gateways) {
            try {
                Directories.delete(dir.resolve(gateway.name()).resolve("state"));
            } catch (IOException e) {
                // only disk space: the next run deletes the whole work directory anyway
            }
        }
    }
}
