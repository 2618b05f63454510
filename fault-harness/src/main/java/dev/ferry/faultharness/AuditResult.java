package dev.ferry.faultharness;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The figures of one scenario's audit.
 *
 * @param lost accepted jobs not terminal by the liveness deadline (I2), with samples describing why
 * @param notFoundAnswers 404 answers to polls of accepted, unexpired jobs (a poll must never say "not found" for one)
 * @param acceptedMissingFromJobsTopic 2xx job ids that are not on {@code jobs} (I1)
 * @param unacknowledgedOnJobsTopic jobs on {@code jobs} whose submit the client saw fail ("indeterminate", allowed)
 * @param unacknowledgedTerminal those of them with a terminal event on {@code job-events}
 * @param servedConflicts accepted jobs whose polls (both gateways, over time) showed more than one outcome (I3)
 * @param servedDiffersFromFirstEvent jobs served with another outcome than their first terminal event (I3)
 * @param providerCalls requests the mock provider received (from {@code GET /mock/stats})
 * @param maxStartedPerJob most {@code started} events of one job: the runs, each one provider call here
 * @param rerunsOutsideKilledWorker jobs run more than once on partitions a killed worker did not own
 * @param rerunsOfFinishedJobs jobs started again although their terminal event was already written
 * @param workerLag records on {@code jobs} the worker group had not committed at the end (I8), if known
 */
record AuditResult(
        int submitted,
        int accepted,
        Map<String, Integer> failedSubmits,
        int terminal,
        Map<String, Integer> terminalByStatus,
        int lost,
        List<String> lostSamples,
        double secondsToAllTerminal,
        int notFoundAnswers,
        int unavailableAnswers,
        int jobsOnTopic,
        int acceptedMissingFromJobsTopic,
        int unacknowledgedOnJobsTopic,
        int unacknowledgedTerminal,
        long phantomEventJobs,
        long jobsWithSeveralTerminalEvents,
        long jobsWithDifferingTerminalStatuses,
        int servedConflicts,
        int servedDiffersFromFirstEvent,
        List<String> conflictSamples,
        long providerCalls,
        int maxStartedPerJob,
        long jobsStartedMoreThanOnce,
        long rerunsOutsideKilledWorker,
        int rerunsOfFinishedJobs,
        int deadLetters,
        Optional<Long> workerLag,
        TtlProbe.Result ttl) {

    int conflicting() {
        return servedConflicts + servedDiffersFromFirstEvent;
    }
}
