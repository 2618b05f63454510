package dev.ferry.faultharness;

import java.util.ArrayList;
import java.util.List;

/**
 * What the figures say beyond pass/fail. Every sentence is built from values the run measured, and says only what
 * they show, so that a regenerated report never keeps a remark its run does not support.
 */
final class Observations {

    private Observations() {
    }

    static List<String> of(List<ScenarioResult> results, int attemptLimit) {
        List<String> notes = new ArrayList<>();
        for (ScenarioResult result : results) {
            String id = "(" + result.scenario().id() + ") ";
            result.startupFailures().forEach(failure -> notes.add(id + failure + ". The harness started it again."));
            if (!result.audited() || result.faults().isEmpty()) {
                continue;
            }
            AuditResult audit = result.audit();
            FaultEvent fault = result.faults().get(0);
            switch (result.scenario()) {
                case WORKER_KILL -> workerKill(notes, result, attemptLimit);
                case GATEWAY_KILL -> gatewayKill(notes, result, fault);
                case BROKER_KILL -> brokerKill(notes, result, fault);
            }
            if (audit.rerunsOfFinishedJobs() > 0) {
                notes.add(id + audit.rerunsOfFinishedJobs() + " jobs were started again although their terminal "
                        + "event was already on `job-events`: their `jobs` offset was not committed yet when their "
                        + "partition was read again. Each re-run called the provider once more; "
                        + servedAsFirstEvent(audit));
            }
        }
        return notes;
    }

    private static String servedAsFirstEvent(AuditResult audit) {
        return audit.servedDiffersFromFirstEvent() == 0
                ? "every terminal job was served as its first terminal event."
                : audit.servedDiffersFromFirstEvent() + " jobs were served another outcome than their first terminal "
                        + "event (I3 fails).";
    }

    private static void workerKill(List<String> notes, ScenarioResult result, int attemptLimit) {
        AuditResult audit = result.audit();
        FaultEvent fault = result.faults().get(0);
        if (audit.secondsToAllTerminal() > 20) {
            notes.add(String.format("(a) Recovery after the worker's kill -9 was slow: the last job was terminal "
                    + "%.0f s after the load ended. The killed worker owned `jobs` partitions %s; Kafka gives a dead "
                    + "consumer's partitions to another only once its session expires (`session.timeout.ms`, 10 s "
                    + "in `JobWorker.consumerProperties`).", audit.secondsToAllTerminal(), fault.ownedPartitions()));
        }
        if (audit.rerunsOutsideKilledWorker() > 0) {
            int bound = attemptLimit + result.crashes();
            notes.add(String.format("(a) %d jobs on partitions the killed worker did not own ran more than once: the "
                    + "worker that owned them never crashed, so each was read again after a rebalance (around the "
                    + "kill or the restart) moved its partition before its offset was committed. The most runs of one "
                    + "job: %d, %s I4's "
                    + "bound of %d (%d attempts + %d %s).", audit.rerunsOutsideKilledWorker(),
                    audit.maxStartedPerJob(), audit.maxStartedPerJob() <= bound ? "within" : "BEYOND", bound,
                    attemptLimit, result.crashes(), result.crashes() == 1 ? "crash" : "crashes"));
        }
    }

    private static void gatewayKill(List<String> notes, ScenarioResult result, FaultEvent fault) {
        PollTally polls = result.duringFault().polls();
        int notFound = polls.count(PollTally.NOT_FOUND);
        notes.add(String.format("(b) From the kill until the restarted gateway answered /health 200 (%.1f s), %d "
                + "polls went to the two gateways: %s; %s.", fault.endSeconds() - fault.atSeconds(), polls.total(),
                polls.describe(), notFound == 0 ? "none answered 404" : notFound + " answered 404"));
        AuditResult audit = result.audit();
        int unacknowledged = audit.unacknowledgedOnJobsTopic();
        if (unacknowledged > 0) {
            notes.add(String.format("(b) %d submits the client saw fail are on `jobs` anyway (indeterminate, as "
                    + "expected without an idempotency key); %s", unacknowledged,
                    audit.unacknowledgedTerminal() == unacknowledged
                            ? "each reached a terminal event on `job-events`, as accepted jobs do."
                            : "only " + audit.unacknowledgedTerminal() + " of them reached a terminal event on "
                                    + "`job-events`."));
        }
    }

    private static void brokerKill(List<String> notes, ScenarioResult result, FaultEvent fault) {
        SubmitLedger.Window submits = result.duringFault().submits();
        notes.add(String.format("(c) %s. From the kill until the node was back with every replica in sync (%.1f s), "
                + "%d submits were sent: %s", fault.detail(), fault.endSeconds() - fault.atSeconds(), submits.sent(),
                submits.failed() == 0 ? "none failed." : submits.failed() + " failed ("
                        + SubmitLedger.describe(submits.failures()) + ")."));
    }
}
