package dev.ferry.faultharness;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds a {@link ScenarioResult} for report tests: a healthy run of 100 submits unless a field is changed first.
 * Each field is one figure the audit or the load measures.
 */
final class ScenarioFixture {

    Scenario scenario = Scenario.WORKER_KILL;
    int lost;
    int servedConflicts;
    int servedDiffersFromFirstEvent;
    int maxStartedPerJob = 1;
    long rerunsOutsideKilledWorker;
    int rerunsOfFinishedJobs;
    int unacknowledgedOnJobsTopic;
    int unacknowledgedTerminal;
    long phantomEventJobs;
    int notFoundAnswers;
    Optional<Long> workerLag = Optional.of(0L);
    List<String> startupFailures = List.of();
    Map<String, Integer> pollsDuringLoad = Map.of("answered", 10);
    PollTally pollsDuringFault = new PollTally(Map.of("answered", 4), 0);
    SubmitLedger.Window submitsDuringFault = new SubmitLedger.Window(40, Map.of());

    ScenarioResult build() {
        AuditResult audit = new AuditResult(100, 90, Map.of("ConnectException", 10), 90 - lost,
                Map.of("completed", 90 - lost), lost, lost > 0 ? List.of("job-1: last poll 202 in_progress") : List.of(),
                lost > 0 ? -1 : 2.5, notFoundAnswers, 3, 92, 0, unacknowledgedOnJobsTopic, unacknowledgedTerminal,
                phantomEventJobs, 1, 0, servedConflicts, servedDiffersFromFirstEvent, List.of(), 93, maxStartedPerJob,
                rerunsOutsideKilledWorker, rerunsOutsideKilledWorker, rerunsOfFinishedJobs, 0, workerLag,
                new TtlProbe.Result(List.of("t1", "t2"), 2, 20, 0, 0, 2));
        FaultEvent fault = new FaultEvent("worker-1", 42, 4.0, 2.0, 5.0, "calls in flight: 9", Set.of(3, 4, 5));
        return new ScenarioResult(scenario, startupFailures, List.of(fault), new PollTally(pollsDuringLoad, 0),
                List.of(), new FaultWindow(pollsDuringFault, submitsDuringFault), audit, 60, null);
    }
}
