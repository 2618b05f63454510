package dev.ferry.faultharness;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The three faults. Each waits for its moment during the load, kills one process with SIGKILL, waits
 * {@code restartDelay}, starts it again and waits until it serves; it returns what happened.
 */
final class Faults {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(150);

    private final ClusterProcesses cluster;
    private final HarnessHttp http;
    private final ObjectMapper mapper;
    private final KillAndRestart faults;

    Faults(ClusterProcesses cluster, HarnessHttp http, ObjectMapper mapper, Duration restartDelay) {
        this.cluster = cluster;
        this.http = http;
        this.mapper = mapper;
        this.faults = new KillAndRestart(restartDelay, READY_TIMEOUT);
    }

    /** (a) Waits until provider calls are in flight, then kills worker-1 in the middle of them. */
    FaultEvent killWorker(FerryDeployment deployment, long loadStartNanos, Duration at)
            throws IOException, InterruptedException {
        sleepUntil(loadStartNanos + at.toNanos());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long inFlight = 0;
        while (System.nanoTime() < deadline && (inFlight = providerCallsInFlight(deployment)) < 2) {
            Thread.sleep(50);
        }
        FerryProcess worker = deployment.workers().get(0);
        Set<Integer> owned = AssignmentLog.lastAssignment(worker.jvm().log());
        FaultEvent event = faults.kill(worker.jvm(), loadStartNanos, "provider calls in flight at the kill: "
                + inFlight + "; it owned jobs partitions " + owned, () -> deployment.restart(worker, READY_TIMEOUT));
        return new FaultEvent(event.target(), event.pid(), event.atSeconds(), event.downSeconds(),
                event.recoveredSeconds(), event.detail(), owned);
    }

    /** (b) Kills gateway-1 from the HTTP callback of its first 2xx after {@code at}, before any other work. */
    FaultEvent killGatewayAfterAck(FerryDeployment deployment, OpenLoopSubmitter submitter, long loadStartNanos,
            Duration at) throws IOException, InterruptedException {
        FerryProcess gateway = deployment.gateways().get(0);
        CountDownLatch killed = new CountDownLatch(1);
        AtomicBoolean armed = new AtomicBoolean(false);
        String[] jobId = new String[1];
        submitter.onAccepted((index, id) -> {
            if (index == 0 && armed.compareAndSet(true, false)) {
                gateway.jvm().killNow();
                jobId[0] = id;
                killed.countDown();
            }
        });
        sleepUntil(loadStartNanos + at.toNanos());
        armed.set(true);
        if (!killed.await(30, TimeUnit.SECONDS)) {
            armed.set(false);
            gateway.jvm().killNow();
        }
        submitter.onAccepted((index, id) -> { });
        return faults.kill(gateway.jvm(), loadStartNanos,
                "killed in the callback of the 2xx for job " + jobId[0],
                () -> deployment.restart(gateway, READY_TIMEOUT));
    }

    /**
     * (c) Kills the broker leading partition 0 of the scenario's {@code jobs} topic, waits until the controller has
     * fenced it (the cluster then runs on two nodes), and restarts it {@code restartDelay} later. It has recovered
     * once it is back in the cluster and every replica of the scenario's topics is in sync again.
     */
    FaultEvent killPartitionLeader(FerryDeployment deployment, long loadStartNanos, Duration at)
            throws IOException, InterruptedException {
        sleepUntil(loadStartNanos + at.toNanos());
        ScenarioTopics topics = deployment.topics();
        int leader = cluster.probe().leaderOf(topics.jobs(), 0)
                .orElseThrow(() -> new IllegalStateException("partition 0 of " + topics.jobs() + " has no leader"));
        KafkaNodeProcess broker = cluster.broker(leader).orElseThrow();
        List<String> watched = List.of(topics.jobs(), topics.jobEvents(), topics.jobControl());
        long pid = broker.jvm().pid();
        long killedAt = System.nanoTime();
        broker.kill();
        faults.await(() -> cluster.probe().brokerCount() == 2, "node " + leader + " to be fenced", () -> { });
        double fencedAfter = (System.nanoTime() - killedAt) / 1e9;
        Thread.sleep(faults.restartDelay().toMillis());
        long restartedAt = System.nanoTime();
        broker.start();
        faults.await(() -> cluster.probe().brokerCount() == 3 && cluster.probe().fullyReplicated(watched, 3),
                "node " + leader + " to rejoin with every replica in sync", () -> broker.jvm().requireAlive());
        long recoveredAt = System.nanoTime();
        return new FaultEvent(broker.jvm().name(), pid, (killedAt - loadStartNanos) / 1e9,
                (restartedAt - killedAt) / 1e9, (recoveredAt - restartedAt) / 1e9,
                String.format("node %d led %s-0; fenced by the controller %.1f s after the kill", leader,
                        topics.jobs(), fencedAfter), Set.of());
    }

    private long providerCallsInFlight(FerryDeployment deployment) {
        HarnessHttp.Answer answer = http.get(deployment.mock().baseUri().resolve("/mock/stats"));
        try {
            return answer.status() == 200 ? mapper.readTree(answer.body()).path("in_flight").asLong() : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long wait = nanos - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
