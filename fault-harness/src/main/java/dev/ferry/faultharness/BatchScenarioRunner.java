package dev.ferry.faultharness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.core.topic.KeyPartitions;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one batch scenario: deploys Ferry (2 gateways, 2 workers) on fresh topics, uploads a batch and creates it,
 * kills one process with SIGKILL while the batch runs (the gateway: while it expands the batch), restarts it, waits for
 * the batch to end and audits its files and its lane. The batch lane's share is small and the mock slow, so the batch
 * runs long enough to be hit in the middle.
 */
final class BatchScenarioRunner {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(150);
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(90);
    private static final String UNKNOWN_JOB = "/v1/async/responses/00000000-0000-4000-8000-000000000000";
    private static final Map<String, String> LANE = Map.of("FERRY_BATCH_LANE_SHARE", "0.05");
    private static final int PARTITIONS = 6;

    private final ClusterProcesses cluster;
    private final HarnessHttp http;
    private final ObjectMapper mapper;
    private final Duration restartDelay;
    private final Duration liveness;
    private final PrintStream progress;

    BatchScenarioRunner(ClusterProcesses cluster, HarnessHttp http, ObjectMapper mapper, Duration restartDelay,
            Duration liveness, PrintStream progress) {
        this.cluster = cluster;
        this.http = http;
        this.mapper = mapper;
        this.restartDelay = restartDelay;
        this.liveness = liveness;
        this.progress = progress;
    }

    BatchScenarioResult run(BatchFault fault, int lines, Duration latency) {
        long started = System.nanoTime();
        FerryDeployment deployment = null;
        FaultEvent event = null;
        try {
            say(fault, "starting the mock provider (" + latency.toMillis() + " ms), 2 gateways and 2 workers");
            String scenarioId = "scenario-" + fault.id();
            deployment = cluster.deployment(scenarioId, latency, LANE);
            deployment.start(READY_TIMEOUT);
            awaitSettled(deployment);
            BatchClient client = new BatchClient(http, mapper, deployment.gatewayUris());
            URI first = deployment.gatewayUris().get(0);
            String batchId = client.create(first, client.upload(first, BatchClient.input(lines)));
            long created = System.nanoTime();
            say(fault, "created " + batchId + " with " + lines + " lines");
            BatchFaults faults = new BatchFaults(cluster, client, restartDelay, READY_TIMEOUT);
            event = switch (fault) {
                case WORKER_KILL -> faults.killWorker(deployment, BatchTopics.forScenario(scenarioId).lane(),
                        KeyPartitions.partitionFor(batchId, PARTITIONS), batchId, created, lines);
                case GATEWAY_KILL -> faults.killExpandingGateway(deployment, batchId, created);
                case BROKER_KILL -> faults.killLaneLeader(deployment, BatchTopics.forScenario(scenarioId).lane(),
                        KeyPartitions.partitionFor(batchId, PARTITIONS), batchId, created, lines);
            };
            say(fault, "fault: " + event);
            Optional<JsonNode> ended = client.awaitEnd(batchId, liveness);
            if (fault == BatchFault.GATEWAY_KILL) {
                event = withResumedLines(event, deployment, batchId);
            }
            double batchSeconds = (System.nanoTime() - created) / 1e9;
            JsonNode batch = ended.orElseThrow(() -> new IllegalStateException("no gateway answered for the batch"));
            say(fault, "batch " + batch.path("status").asText() + " after " + Math.round(batchSeconds) + " s; auditing");
            BatchAudit.Result audit = new BatchAudit(client, mapper, cluster.bootstrapServers()).run(batch, lines,
                    BatchTopics.forScenario(scenarioId).lane(), Duration.ofSeconds(60));
            say(fault, "missing " + audit.missing() + ", duplicated " + audit.duplicated() + ", lane records "
                    + audit.laneRecords() + " (" + audit.laneDuplicates() + " written twice)");
            return new BatchScenarioResult(fault, lines, event, audit, batchSeconds, providerCalls(deployment),
                    (System.nanoTime() - started) / 1e9, null);
        } catch (Exception | Error e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            e.printStackTrace(progress);
            return new BatchScenarioResult(fault, lines, event, null, 0, -1, (System.nanoTime() - started) / 1e9,
                    e.toString());
        } finally {
            try {
                if (deployment != null) {
                    deployment.destroy();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Adds how many lines the gateway that took the expansion over found already on the lane. */
    private static FaultEvent withResumedLines(FaultEvent event, FerryDeployment deployment, String batchId) {
        java.util.regex.Pattern resumed = java.util.regex.Pattern.compile(
                "Resuming the expansion of a batch: batchId=" + batchId + " linesAlreadyWritten=(\\d+)");
        for (FerryProcess gateway : deployment.gateways()) {
            try {
                java.util.regex.Matcher found = resumed.matcher(java.nio.file.Files.readString(gateway.jvm().log()));
                if (found.find()) {
                    return new FaultEvent(event.target(), event.pid(), event.atSeconds(), event.downSeconds(),
                            event.recoveredSeconds(), event.detail() + "; " + gateway.name() + " took the expansion "
                            + "over with " + found.group(1) + " lines already on the lane", event.ownedPartitions());
                }
            } catch (IOException e) {
                // no log: keep the event as it is
            }
        }
        return event;
    }

    private long providerCalls(FerryDeployment deployment) {
        HarnessHttp.Answer answer = http.get(deployment.mock().baseUri().resolve("/mock/stats"));
        try {
            return answer.status() == 200 ? mapper.readTree(answer.body()).path("requests").asLong(-1) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private void awaitSettled(FerryDeployment deployment) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            boolean gatewaysAnswer = deployment.gatewayUris().stream()
                    .allMatch(uri -> http.get(uri.resolve(URI.create(UNKNOWN_JOB))).status() == 404);
            if (gatewaysAnswer && cluster.probe().groupStable(deployment.topics().workerGroup(), 2)) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the deployment did not settle within " + SETTLE_TIMEOUT.toSeconds() + " s");
    }

    private void say(BatchFault fault, String message) {
        progress.printf("[fault-harness %s] %s%n", fault.id(), message);
        progress.flush();
    }


}
