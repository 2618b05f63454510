package dev.ferry.faultharness;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The batch faults. Each waits for its moment in the batch, kills one process with SIGKILL, waits
 * {@code restartDelay}, starts it again and waits until it serves; it returns what happened.
 */
final class BatchFaults {

    /** How long after validation the expanding gateway is killed: some of its lines are written by then. */
    private static final Duration INTO_EXPANSION = Duration.ofMillis(300);

    private final ClusterProcesses cluster;
    private final BatchClient client;
    private final KillAndRestart faults;

    BatchFaults(ClusterProcesses cluster, BatchClient client, Duration restartDelay, Duration readyTimeout) {
        this.cluster = cluster;
        this.client = client;
        this.faults = new KillAndRestart(restartDelay, readyTimeout);
    }

    /**
     * Kills the worker running the batch's lines (the one whose batch-lane consumer owns the batch's partition) once
     * a tenth of the lines have finished, with the batch's calls in flight.
     */
    FaultEvent killWorker(FerryDeployment deployment, String laneTopic, int partition, String batchId,
            long createdNanos, int lines) throws IOException, InterruptedException {
        int done = awaitFinished(batchId, lines / 10);
        FerryProcess worker = deployment.workers().stream()
                .filter(candidate -> AssignmentLog.lastAssignmentOf(candidate.jvm().log(), laneTopic, partition))
                .findFirst().orElse(deployment.workers().get(0));
        boolean owner = AssignmentLog.lastAssignmentOf(worker.jvm().log(), laneTopic, partition);
        return faults.kill(worker.jvm(), createdNanos, done + " of " + lines + " lines had finished; "
                        + (owner ? "it ran the batch's lane partition " + laneTopic + "-" + partition
                                : "which worker ran the batch was not in the logs"),
                () -> deployment.restart(worker, faults.readyTimeout()));
    }

    /**
     * Kills the gateway whose expander took the batch {@link #INTO_EXPANSION} after its log says the batch passed
     * validation, that is while it writes the batch's line jobs (some written, not all); the other gateway's expander
     * must take the batch over from its cursor, after the lines already on the lane.
     */
    FaultEvent killExpandingGateway(FerryDeployment deployment, String batchId, long createdNanos)
            throws IOException, InterruptedException {
        String validated = "A batch passed validation: batchId=" + batchId;
        String expanded = "A batch was expanded into its line jobs: batchId=" + batchId;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            for (FerryProcess gateway : deployment.gateways()) {
                if (gateway.jvm().logCount(validated) > 0) {
                    Thread.sleep(INTO_EXPANSION.toMillis());
                    gateway.jvm().killNow();
                    boolean midway = gateway.jvm().logCount(expanded) == 0;
                    return faults.kill(gateway.jvm(), createdNanos, midway
                                    ? "it was expanding the batch (validated, not yet fully expanded)"
                                    : "it had already expanded the batch when the kill landed",
                            () -> deployment.restart(gateway, faults.readyTimeout()));
                }
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("no gateway logged the batch's validation within 60 s");
    }

    /** Kills the broker leading the batch lane's partition of this batch once a tenth of its lines finished. */
    FaultEvent killLaneLeader(FerryDeployment deployment, String laneTopic, int partition, String batchId,
            long createdNanos, int lines) throws IOException, InterruptedException {
        int done = awaitFinished(batchId, lines / 10);
        int leader = cluster.probe().leaderOf(laneTopic, partition)
                .orElseThrow(() -> new IllegalStateException(laneTopic + "-" + partition + " has no leader"));
        KafkaNodeProcess broker = cluster.broker(leader).orElseThrow();
        long pid = broker.jvm().pid();
        long killedAt = System.nanoTime();
        broker.kill();
        faults.await(() -> cluster.probe().brokerCount() == 2, "node " + leader + " to be fenced", () -> { });
        Thread.sleep(faults.restartDelay().toMillis());
        long restartedAt = System.nanoTime();
        broker.start();
        List<String> watched = List.of(deployment.topics().jobs(), deployment.topics().jobEvents(), laneTopic);
        faults.await(() -> cluster.probe().brokerCount() == 3 && cluster.probe().fullyReplicated(watched, 3),
                "node " + leader + " to rejoin with every replica in sync", () -> { });
        return new FaultEvent(broker.jvm().name(), pid, (killedAt - createdNanos) / 1e9,
                (restartedAt - killedAt) / 1e9, (System.nanoTime() - restartedAt) / 1e9,
                "node " + leader + " led " + laneTopic + "-" + partition + "; " + done + " of " + lines
                        + " lines had finished", Set.of());
    }

    private int awaitFinished(String batchId, int wanted) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<JsonNode> batch = client.batch(batchId);
            if (batch.isPresent()) {
                JsonNode counts = batch.get().path("request_counts");
                int done = counts.path("completed").asInt() + counts.path("failed").asInt();
                if (done >= wanted) {
                    return done;
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the batch did not reach " + wanted + " finished lines within 120 s");
    }
}
