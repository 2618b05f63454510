package dev.ferry.faultharness;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The webhook scenarios: three Kafka nodes, then per scenario the mock provider, a gateway, a worker and a webhooks
 * process (each its own JVM) on fresh topics, a harness receiver per endpoint, open-loop load, one fault, and an
 * audit of what every endpoint heard. Every child process is killed at the end, as in {@link FaultHarness}.
 */
final class WebhookHarness {

    private static final Duration READY = Duration.ofSeconds(120);

    private final WebhookHarnessOptions options;
    private final String classpath;
    private final PrintStream progress;

    WebhookHarness(WebhookHarnessOptions options, String classpath, PrintStream progress) {
        this.options = options;
        this.classpath = classpath;
        this.progress = progress;
    }

    List<WebhookScenarioResult> run() throws IOException, InterruptedException {
        Path workDir = options.workDir().toAbsolutePath();
        Directories.delete(workDir);
        Files.createDirectories(workDir);
        ProcessRegistry registry = new ProcessRegistry(workDir.resolve("pids"));
        Thread hook = new Thread(registry::destroyAll, "webhook-harness-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        List<WebhookScenarioResult> results = new ArrayList<>();
        try (HarnessHttp http = new HarnessHttp(Duration.ofSeconds(45));
                ClusterProcesses cluster = ClusterProcesses.startKafka(workDir, classpath, registry, http, READY)) {
            progress.println("[webhook-harness] Kafka up at " + cluster.bootstrapServers());
            for (WebhookScenario scenario : options.scenarios()) {
                results.add(runOne(scenario, cluster.bootstrapServers(), workDir.resolve("webhooks-" + scenario.id()),
                        registry, http));
            }
        } finally {
            registry.destroyAll();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
        return results;
    }

    private WebhookScenarioResult runOne(WebhookScenario scenario, String bootstrap, Path dir, ProcessRegistry registry,
            HarnessHttp http) throws InterruptedException {
        progress.println("[webhook-harness] scenario " + scenario.id() + ": " + scenario.title());
        List<FerryProcess> processes = new ArrayList<>();
        List<WebhookReceiver> receivers = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            JvmSpec spec = new JvmSpec(classpath, 256, List.of());
            List<Integer> ports = FreePorts.pick(4);
            String secret = newSecret();
            boolean down = scenario == WebhookScenario.ENDPOINT_DOWN;
            WebhookReceiver first = new WebhookReceiver(ports.get(2), secret,
                    down ? Duration.ZERO : options.receiverLatency()).up();
            receivers.add(first);
            WebhookReceiver second = down ? new WebhookReceiver(ports.get(3), secret, Duration.ZERO).up() : null;
            if (second != null) {
                receivers.add(second);
            }
            FerryProcess mock = FerryProcess.mockProvider("mock-provider", ports.get(0), Duration.ofMillis(200),
                    spec.withHeap(128), dir.resolve("mock-provider.log"), registry, http);
            Map<String, String> shared = sharedEnvironment(scenario, bootstrap, mock);
            Map<String, String> gatewayEnv = new HashMap<>(shared);
            gatewayEnv.put("FERRY_DATA_DIR", dir.resolve("gateway").toString());
            gatewayEnv.put("FERRY_PORT", Integer.toString(ports.get(1)));
            FerryProcess gateway = FerryProcess.gateway("gateway", ports.get(1), gatewayEnv, spec.withHeap(320),
                    dir.resolve("gateway.log"), registry, http);
            Map<String, String> workerEnv = new HashMap<>(shared);
            workerEnv.put("FERRY_DATA_DIR", dir.resolve("worker").toString());
            FerryProcess worker = FerryProcess.worker("worker", workerEnv, spec.withHeap(256), dir.resolve("worker.log"),
                    registry, http);
            Map<String, String> hooksEnv = new HashMap<>(shared);
            hooksEnv.put("FERRY_DATA_DIR", dir.resolve("webhooks").toString());
            endpoint(hooksEnv, "FIRST", first, secret);
            if (second != null) {
                endpoint(hooksEnv, "SECOND", second, secret);
            }
            hooksEnv.put("FERRY_WEBHOOK_RETRY_MAX_DELAY_MS", Long.toString(options.retryMaxDelay().toMillis()));
            FerryProcess webhooks = FerryProcess.webhooks("webhooks", hooksEnv, spec.withHeap(256),
                    dir.resolve("webhooks.log"), registry, http);
            processes.addAll(List.of(mock, gateway, worker, webhooks));
            for (FerryProcess process : processes) {
                process.start();
            }
            for (FerryProcess process : processes) {
                process.awaitReady(READY);
            }
            return down ? endpointDown(scenario, gateway, first, second) : deliveryKill(scenario, gateway, webhooks, first);
        } catch (IOException | RuntimeException e) {
            progress.println("[webhook-harness] scenario " + scenario.id() + " failed: " + e);
            return new WebhookScenarioResult(scenario, 0, 0, 0, List.of(), e.toString());
        } finally {
            for (FerryProcess process : processes) {
                process.kill();
            }
            receivers.forEach(WebhookReceiver::close);
        }
    }

    private Map<String, String> sharedEnvironment(WebhookScenario scenario, String bootstrap, FerryProcess mock) {
        ScenarioTopics topics = ScenarioTopics.forScenario("wh-" + scenario.id());
        Map<String, String> env = new HashMap<>(topics.environment());
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        env.put("FERRY_TOPIC_PARTITIONS", "6");
        env.put("FERRY_TOPIC_REPLICATION_FACTOR", "3");
        env.put("FERRY_MOCK_PROVIDER_URL", mock.baseUri().resolve("/v1").toString());
        env.put("FERRY_BATCH_EVENTS_TOPIC", "batch-events-wh-" + scenario.id());
        env.put("FERRY_WEBHOOKS_GROUP_ID", "ferry-webhooks-" + scenario.id());
        env.put("FERRY_WEBHOOK_RETRY_TOPIC_PREFIX", "webhook-retry-" + scenario.id());
        env.put("FERRY_WEBHOOK_DEAD_LETTER_TOPIC", "webhooks-dlq-" + scenario.id());
        return env;
    }

    private static void endpoint(Map<String, String> env, String id, WebhookReceiver receiver, String secret) {
        env.put("FERRY_WEBHOOK_ENDPOINT_" + id + "_URL", receiver.url().toString());
        env.put("FERRY_WEBHOOK_ENDPOINT_" + id + "_OWNER", "anonymous");
        env.put("FERRY_WEBHOOK_ENDPOINT_" + id + "_SECRET", secret);
    }

    private static String newSecret() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    private WebhookScenarioResult deliveryKill(WebhookScenario scenario, FerryProcess gateway, FerryProcess webhooks,
            WebhookReceiver receiver) throws InterruptedException, IOException {
        try (WebhookLoad load = new WebhookLoad(gateway.baseUri())) {
            Thread loader = new Thread(() -> runLoad(load, options.load()), "webhook-load");
            loader.start();
            Thread.sleep(options.load().toMillis() / 2);
            long waitUntil = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (receiver.openRequests() == 0 && System.nanoTime() < waitUntil) {
                Thread.sleep(5);
            }
            int openAtKill = receiver.openRequests();
            int deliveredBeforeKill = receiver.deliveries();
            long killedAt = System.currentTimeMillis();
            webhooks.kill();
            progress.printf("[webhook-harness] killed the webhooks process with %d deliveries open at the "
                    + "receiver%n", openAtKill);
            Thread.sleep(options.restartDelay().toMillis());
            webhooks.start();
            webhooks.awaitReady(READY);
            long restartedAt = System.currentTimeMillis();
            loader.join();
            Map<String, Long> accepted = load.accepted();
            int missing = awaitAll(receiver, accepted.keySet());
            List<String> facts = new ArrayList<>(List.of(
                    "jobs accepted (2xx): " + accepted.size() + " (" + load.refused() + " submits refused)",
                    "deliveries open at the receiver when the webhooks process was killed: " + openAtKill,
                    "deliveries received before the kill: " + deliveredBeforeKill,
                    "webhooks process down for: " + (restartedAt - killedAt) + " ms (kill to ready again)",
                    "jobs never heard of: " + missing,
                    "deliveries received: " + receiver.deliveries() + ", distinct webhook-ids: "
                            + receiver.distinctIds() + ", repeats of an id already received: " + receiver.duplicates(),
                    "jobs heard of under more than one webhook-id: " + receiver.jobsWithSeveralIds(),
                    "deliveries with a bad signature: " + receiver.badSignatures()));
            return new WebhookScenarioResult(scenario, accepted.size(), missing, receiver.badSignatures(), facts, null);
        }
    }

    private WebhookScenarioResult endpointDown(WebhookScenario scenario, FerryProcess gateway, WebhookReceiver flaky,
            WebhookReceiver healthy) throws InterruptedException {
        Duration before = Duration.ofSeconds(5);
        Duration after = Duration.ofSeconds(10);
        try (WebhookLoad load = new WebhookLoad(gateway.baseUri())) {
            Thread loader = new Thread(() -> runLoad(load, before.plus(options.downTime()).plus(after)), "webhook-load");
            loader.start();
            Thread.sleep(before.toMillis());
            long downAt = System.currentTimeMillis();
            flaky.down();
            Thread.sleep(options.downTime().toMillis());
            flaky.up();
            long upAt = System.currentTimeMillis();
            loader.join();
            Map<String, Long> accepted = load.accepted();
            int missingFlaky = awaitAll(flaky, accepted.keySet());
            int missingHealthy = awaitAll(healthy, accepted.keySet());
            List<Long> healthyDuringOutage = new ArrayList<>();
            List<Long> healthyOtherwise = new ArrayList<>();
            List<Long> flakyDuringOutage = new ArrayList<>();
            accepted.forEach((job, at) -> {
                if (at >= downAt && at < upAt) {
                    addLatency(healthyDuringOutage, healthy.firstArrival(job), at);
                    addLatency(flakyDuringOutage, flaky.firstArrival(job), at);
                } else {
                    addLatency(healthyOtherwise, healthy.firstArrival(job), at);
                }
            });
            List<String> facts = new ArrayList<>(List.of(
                    "jobs accepted (2xx): " + accepted.size() + " (" + load.refused() + " submits refused)",
                    "endpoint down (connections refused) for: " + (upAt - downAt) + " ms",
                    "jobs the endpoint that was down never heard of: " + missingFlaky,
                    "jobs the healthy endpoint never heard of: " + missingHealthy,
                    "last first delivery to the endpoint that was down, after it came back: "
                            + Math.max(0, flaky.lastArrivalMs() - upAt) + " ms",
                    "submit-to-delivery at the healthy endpoint for jobs submitted during the outage: "
                            + percentiles(healthyDuringOutage),
                    "submit-to-delivery at the healthy endpoint for jobs submitted before or after the outage: "
                            + percentiles(healthyOtherwise),
                    "submit-to-delivery at the endpoint that was down for the jobs submitted during the outage: "
                            + percentiles(flakyDuringOutage),
                    "repeats of an id already received (down / healthy): " + flaky.duplicates() + " / "
                            + healthy.duplicates(),
                    "deliveries with a bad signature: " + (flaky.badSignatures() + healthy.badSignatures())));
            return new WebhookScenarioResult(scenario, accepted.size(), missingFlaky + missingHealthy,
                    flaky.badSignatures() + healthy.badSignatures(), facts, null);
        }
    }

    private static void addLatency(List<Long> into, Long arrival, long submittedAt) {
        if (arrival != null) {
            into.add(arrival - submittedAt);
        }
    }

    private static String percentiles(List<Long> latencies) {
        if (latencies.isEmpty()) {
            return "no jobs";
        }
        List<Long> sorted = latencies.stream().sorted().toList();
        return "p50 " + sorted.get(sorted.size() / 2) + " ms, p99 " + sorted.get((int) Math.min(sorted.size() - 1,
                Math.ceil(sorted.size() * 0.99) - 1)) + " ms, max " + sorted.get(sorted.size() - 1) + " ms ("
                + sorted.size() + " jobs)";
    }

    private void runLoad(WebhookLoad load, Duration duration) {
        try {
            load.run(options.ratePerSecond(), duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until {@code receiver} heard of every job or the liveness timeout passed; returns how many it did not. */
    private int awaitAll(WebhookReceiver receiver, Set<String> jobs) throws InterruptedException {
        long deadline = System.nanoTime() + options.livenessTimeout().toNanos();
        Set<String> missing = new HashSet<>(jobs);
        while (System.nanoTime() < deadline) {
            missing.removeAll(receiver.jobs());
            if (missing.isEmpty()) {
                return 0;
            }
            Thread.sleep(200);
        }
        missing.removeAll(receiver.jobs());
        return missing.size();
    }
}
