package dev.ferry.faultharness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.FutureTask;

/**
 * Checks one scenario once its load has ended and its faults have healed:
 * <ol>
 *   <li>liveness (I2): polls every accepted job through the gateways, alternately, until all are terminal or the
 *       deadline passes; counts 404 and 503 answers on the way. The TTL probe (I5) runs meanwhile;</li>
 *   <li>waits until the system is quiet: no provider call in flight, the worker group's lag 0 (I8);</li>
 *   <li>reads {@code jobs}, {@code job-events} and the dead-letter topic to their end (I1, I4, I7), and checks that
 *       the jobs on {@code jobs} whose submit failed reached a terminal event too;</li>
 *   <li>polls every accepted job once more through both gateways and compares what was served with itself and with
 *       the job's first terminal event (I3: exactly one visible terminal state).</li>
 * </ol>
 */
final class Audit {

    /** How long each phase may take, and how many TTL jobs to probe. */
    record Settings(Duration livenessTimeout, Duration quietTimeout, int ttlJobs) {
    }

    private static final int SAMPLES = 10;

    private final HarnessHttp http;
    private final ObjectMapper mapper;
    private final KafkaProbe probe;
    private final String bootstrapServers;
    private final JobPoller poller;

    Audit(HarnessHttp http, ObjectMapper mapper, KafkaProbe probe, String bootstrapServers) {
        this.http = http;
        this.mapper = mapper;
        this.probe = probe;
        this.bootstrapServers = bootstrapServers;
        this.poller = new JobPoller(http, mapper);
    }

    /**
     * @param killedWorkerPartitions the {@code jobs} partitions a killed worker owned, to tell the re-runs its death
     *     caused from those a rebalance caused elsewhere
     */
    AuditResult run(FerryDeployment deployment, SubmitLedger ledger, long loadEndedAtNanos,
            Set<Integer> killedWorkerPartitions, Settings settings) throws Exception {
        List<URI> gateways = deployment.gatewayUris();
        Set<String> accepted = ledger.accepted().keySet();
        Map<String, JobView> served = new HashMap<>();
        int[] answers = new int[2]; // 404s, 503s
        // the TTL probe needs a few seconds of its own; it runs while the liveness check waits
        FutureTask<TtlProbe.Result> ttlProbe = new FutureTask<>(() -> new TtlProbe(http, mapper).run(gateways,
                settings.ttlJobs(), "ttl", settings.livenessTimeout()));
        Thread ttlThread = new Thread(ttlProbe, "ttl-probe");
        ttlThread.setDaemon(true);
        ttlThread.start();
        double secondsToAllTerminal;
        TtlProbe.Result ttl;
        try {
            secondsToAllTerminal = awaitTerminal(gateways, accepted, served, answers, loadEndedAtNanos,
                    settings.livenessTimeout());
            ttl = ttlProbe.get();
        } finally {
            ttlThread.interrupt();
        }
        awaitQuiet(deployment, settings.quietTimeout());
        TopicFacts facts = TopicFacts.read(bootstrapServers, deployment.topics(), probe, mapper);
        List<String> conflictSamples = new ArrayList<>();
        int[] conflicts = compareServed(gateways, served, facts, conflictSamples);
        Set<String> known = new HashSet<>(accepted);
        known.addAll(ttl.jobIds());
        List<String> unacknowledged = facts.jobIds().stream().filter(id -> !known.contains(id)).toList();
        Map<String, Integer> byStatus = new TreeMap<>();
        served.values().stream().filter(JobView::terminal).forEach(view -> byStatus.merge(view.status(), 1,
                Integer::sum));
        List<String> lost = accepted.stream()
                .filter(id -> !served.containsKey(id) || !served.get(id).terminal())
                .sorted()
                .toList();
        return new AuditResult(
                ledger.submitted(), accepted.size(), ledger.failures(),
                accepted.size() - lost.size(), byStatus,
                lost.size(), describeLost(lost, served, facts),
                secondsToAllTerminal, answers[0], answers[1],
                facts.jobIds().size(),
                (int) accepted.stream().filter(id -> !facts.jobIds().contains(id)).count(),
                unacknowledged.size(),
                (int) unacknowledged.stream().filter(id -> facts.terminalEvents(id) > 0).count(),
                facts.phantomEventJobs(),
                facts.jobsWithSeveralTerminalEvents(), facts.jobsWithDifferingTerminalStatuses(),
                conflicts[0], conflicts[1], conflictSamples,
                mockStats(deployment).path("requests").asLong(-1),
                facts.maxStarted(), facts.jobsStartedMoreThanOnce(),
                facts.jobsStartedMoreThanOnceOutside(killedWorkerPartitions), facts.rerunsOfFinishedJobs(),
                facts.deadLetters(),
                probe.lag(deployment.topics().workerGroup(), deployment.topics().jobs()),
                ttl);
    }

    /** Returns the seconds from the end of the load until every job was terminal, or -1 if some never were. */
    private double awaitTerminal(List<URI> gateways, Set<String> accepted, Map<String, JobView> served,
            int[] answers, long loadEndedAtNanos, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<String> pending = new HashSet<>(accepted);
        for (int round = 0; !pending.isEmpty(); round++) {
            URI gateway = gateways.get(round % gateways.size());
            Map<String, JobView> views = poller.pollAll(gateway, pending);
            views.forEach((id, view) -> {
                answers[0] += view.httpStatus() == 404 ? 1 : 0;
                answers[1] += view.httpStatus() == 503 ? 1 : 0;
                if (view.terminal() || !served.containsKey(id) || !served.get(id).terminal()) {
                    served.put(id, view);
                }
                if (view.terminal()) {
                    pending.remove(id);
                }
            });
            if (pending.isEmpty() || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(500);
        }
        return pending.isEmpty() ? (System.nanoTime() - loadEndedAtNanos) / 1e9 : -1;
    }

    private void awaitQuiet(FerryDeployment deployment, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int quietChecks = 0;
        while (quietChecks < 2 && System.nanoTime() < deadline) {
            boolean quiet = mockStats(deployment).path("in_flight").asLong(-1) == 0
                    && probe.lag(deployment.topics().workerGroup(), deployment.topics().jobs()).orElse(-1L) == 0;
            quietChecks = quiet ? quietChecks + 1 : 0;
            Thread.sleep(500);
        }
    }

    /**
     * Polls every terminal job through each gateway (retrying answers that are not terminal for a while) and compares.
     * Returns {jobs served with more than one outcome, jobs served with another outcome than their first event}.
     */
    private int[] compareServed(List<URI> gateways, Map<String, JobView> served, TopicFacts facts,
            List<String> samples) throws InterruptedException {
        Set<String> terminal = new HashSet<>();
        served.forEach((id, view) -> {
            if (view.terminal()) {
                terminal.add(id);
            }
        });
        Map<String, List<JobView>> seen = new HashMap<>();
        terminal.forEach(id -> seen.computeIfAbsent(id, k -> new ArrayList<>()).add(served.get(id)));
        for (URI gateway : gateways) {
            Set<String> todo = new HashSet<>(terminal);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!todo.isEmpty() && System.nanoTime() < deadline) {
                Map<String, JobView> views = poller.pollAll(gateway, todo);
                views.forEach((id, view) -> {
                    if (view.httpStatus() == 200 || view.httpStatus() == 202 || view.httpStatus() == 404) {
                        seen.get(id).add(view);
                        todo.remove(id);
                    }
                });
                if (!todo.isEmpty()) {
                    Thread.sleep(500);
                }
            }
        }
        int servedConflicts = 0;
        int differsFromFirst = 0;
        for (String id : terminal) {
            List<JobView> views = seen.get(id);
            if (views.stream().anyMatch(view -> !view.terminal() || !view.sameOutcome(views.get(0)))) {
                servedConflicts++;
                sample(samples, id + ": served " + views);
            }
            Optional<JobView> first = facts.firstTerminal(id);
            if (first.isEmpty() || !first.get().sameOutcome(views.get(0))) {
                differsFromFirst++;
                sample(samples, id + ": served " + views.get(0) + ", first terminal event "
                        + first.map(JobView::toString).orElse("none") + " of " + facts.terminalEvents(id));
            }
        }
        return new int[] {servedConflicts, differsFromFirst};
    }

    private List<String> describeLost(List<String> lost, Map<String, JobView> served, TopicFacts facts) {
        List<String> samples = new ArrayList<>();
        for (String id : lost) {
            sample(samples, id + ": last poll " + served.getOrDefault(id, new JobView(-1, "", "")) + ", on jobs topic "
                    + (facts.jobIds().contains(id) ? "yes" : "NO") + ", started events " + facts.started(id)
                    + ", terminal events " + facts.terminalEvents(id));
        }
        return samples;
    }

    private static void sample(List<String> samples, String line) {
        if (samples.size() < SAMPLES) {
            samples.add(line);
        }
    }

    private JsonNode mockStats(FerryDeployment deployment) {
        HarnessHttp.Answer answer = http.get(deployment.mock().baseUri().resolve("/mock/stats"));
        try {
            return answer.status() == 200 ? mapper.readTree(answer.body()) : mapper.createObjectNode();
        } catch (IOException e) {
            return mapper.createObjectNode();
        }
    }
}
