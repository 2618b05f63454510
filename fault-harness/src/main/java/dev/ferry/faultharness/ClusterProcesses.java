package dev.ferry.faultharness;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * Every process of a harness run on loopback: three Kafka nodes, started once, and per scenario a
 * {@link FerryDeployment} on fresh topics. {@link #close()} kills whatever is still running, whatever failed.
 */
final class ClusterProcesses implements AutoCloseable {

    private final Path workDir;
    private final JvmSpec spec;
    private final ProcessRegistry registry;
    private final HarnessHttp http;
    private final List<KafkaNodeProcess> brokers;
    private final Admin admin;
    private final KafkaProbe probe;

    private ClusterProcesses(Path workDir, JvmSpec spec, ProcessRegistry registry, HarnessHttp http,
            List<KafkaNodeProcess> brokers) {
        this.workDir = workDir;
        this.spec = spec;
        this.registry = registry;
        this.http = http;
        this.brokers = List.copyOf(brokers);
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000));
        this.probe = new KafkaProbe(admin);
    }

    /** Formats and starts three combined broker+controller nodes and waits until all three are in the cluster. */
    static ClusterProcesses startKafka(Path workDir, String classpath, ProcessRegistry registry, HarnessHttp http,
            Duration readyTimeout) throws IOException, InterruptedException {
        JvmSpec spec = new JvmSpec(classpath, 384, List.of());  // the heap is set per process
        List<Integer> ports = FreePorts.pick(6);
        String voters = "1@127.0.0.1:" + ports.get(3) + ",2@127.0.0.1:" + ports.get(4) + ",3@127.0.0.1:"
                + ports.get(5);
        String clusterId = Uuid.randomUuid().toString();
        List<KafkaNodeProcess> brokers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            brokers.add(KafkaNodeProcess.prepare(i + 1, ports.get(i), ports.get(i + 3), voters, clusterId,
                    workDir.resolve("kafka-" + (i + 1)), spec, registry));
        }
        ClusterProcesses cluster = new ClusterProcesses(workDir, spec, registry, http, brokers);
        try {
            for (KafkaNodeProcess broker : brokers) {
                broker.start();
            }
            cluster.awaitBrokers(readyTimeout);
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    String bootstrapServers() {
        return brokers.stream().map(b -> "127.0.0.1:" + b.port()).collect(Collectors.joining(","));
    }

    KafkaProbe probe() {
        return probe;
    }

    Optional<KafkaNodeProcess> broker(int nodeId) {
        return brokers.stream().filter(b -> b.nodeId() == nodeId).findFirst();
    }

    /** Waits until all three nodes are alive and registered with the controller. */
    void awaitBrokers(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            brokers.forEach(broker -> broker.jvm().requireAlive());
            if (probe.brokerCount() == brokers.size()) {
                return;
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException("the Kafka cluster did not reach " + brokers.size() + " brokers within "
                + timeout.toSeconds() + " s; see " + workDir);
    }

    /** The scenario's Ferry processes on fresh topics, not started yet. */
    FerryDeployment deployment(String scenarioId, Duration mockLatency) {
        return deployment(scenarioId, mockLatency, java.util.Map.of());
    }

    /** A deployment whose Ferry processes get {@code extraEnvironment} on top of the usual (a batch lane's share). */
    FerryDeployment deployment(String scenarioId, Duration mockLatency, java.util.Map<String, String> extraEnvironment) {
        return FerryDeployment.create(scenarioId, workDir.resolve(scenarioId), bootstrapServers(), mockLatency, spec,
                registry, http, extraEnvironment);
    }

    /** Kills every process still running: the cluster is thrown away, so nothing needs a graceful stop. */
    @Override
    public void close() {
        try {
            admin.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            // closing is best effort; the processes below are what matters
        }
        registry.destroyAll();
    }
}
