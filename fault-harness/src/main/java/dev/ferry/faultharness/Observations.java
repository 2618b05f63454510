package dev.ferry.faultharness;

import java.util.ArrayList;
import java.util.List;

/**
 * What the figures say beyond pass/fail, written from the figures themselves so that a regenerated report never keeps
 * a remark its run does not support. Each names the Ferry code it is about.
 */
final class Observations {

    private Observations() {
    }

    static List<String> of(List<ScenarioResult> results) {
        List<String> notes = new ArrayList<>();
        for (ScenarioResult result : results) {
            for (String failure : result.startupFailures()) {
                notes.add("(" + result.scenario().id() + ") " + failure + (failure.contains("Ferry's topics")
                        ? ". `TopicInitializer.ensureTopics` describes the topics right after creating them; on a "
                        + "multi-broker cluster the broker answering may not know them yet "
                        + "(UnknownTopicOrPartitionException), and the exception is not retried, so the process "
                        + "exits. The harness started it again." : ". The harness started it again."));
            }
            if (!result.audited() || result.faults().isEmpty()) {
                continue;
            }
            AuditResult audit = result.audit();
            FaultEvent fault = result.faults().get(0);
            switch (result.scenario()) {
                case WORKER_KILL -> workerKill(notes, audit, fault);
                case GATEWAY_KILL -> gatewayKill(notes, result, audit, fault);
                case BROKER_KILL -> brokerKill(notes, audit, fault);
            }
            if (audit.rerunsOfFinishedJobs() > 0) {
                notes.add(String.format("(%s) %d jobs were started again although their terminal event was already "
                        + "on `job-events`: their worker had finished them but not committed the offset (killed "
                        + "within the commit interval, or revoked in a rebalance). Each re-run is a duplicate provider "
                        + "call; the store still serves the first result.", result.scenario().id(),
                        audit.rerunsOfFinishedJobs()));
            }
        }
        return notes;
    }

    private static void workerKill(List<String> notes, AuditResult audit, FaultEvent fault) {
        if (audit.secondsToAllTerminal() > 20) {
            notes.add(String.format("(a) Recovery after a worker's kill -9 was slow: the last job was terminal %.0f s "
                    + "after the load ended. The dead member keeps partitions %s until its consumer session expires "
                    + "(`session.timeout.ms` 10 s in `JobWorker.consumerProperties`), and the jobs it had taken but "
                    + "not committed run again after that.", audit.secondsToAllTerminal(), fault.ownedPartitions()));
        }
        if (audit.rerunsOutsideKilledWorker() > 0) {
            notes.add(String.format("(a) %d jobs on the surviving worker's partitions ran twice although that worker "
                    + "never crashed. The kill and the restart each moved partitions (cooperatively: only the moved "
                    + "ones are revoked); `JobIntake.CommitOnRevoke` commits the finished prefix of a revoked partition "
                    + "and drops its offset tracker, so jobs still running there finish and publish but their "
                    + "completion is discarded (`applyFinished` finds no tracker); the partition's next owner resumes "
                    + "from the committed offset and runs them again. Within I4's bound in this run, but any "
                    + "rebalance, even without a crash (scaling workers out), re-calls the provider for every job in "
                    + "flight on the moved partitions, and a job revoked between retries could exceed "
                    + "`FERRY_WORKER_MAX_ATTEMPTS` calls.", audit.rerunsOutsideKilledWorker()));
        }
    }

    private static void gatewayKill(List<String> notes, ScenarioResult result, AuditResult audit, FaultEvent fault) {
        int unavailable = result.pollsDuringFault().getOrDefault("503", 0);
        if (unavailable > 0) {
            notes.add(String.format("(b) While the gateway was dead, %d polls answered 503 with Retry-After (never "
                    + "404): jobs whose store partition was active on the dead instance stay unreadable until Kafka "
                    + "Streams declares it gone after its `session.timeout.ms` (10 s). `JobStateQueries.find` forwards "
                    + "only to the partition's active host; the survivor's standby copy is not tried. The restarted "
                    + "gateway answered /health 200 only %.0f s after its restart, for the same reason.",
                    unavailable, fault.recoveredSeconds()));
        }
        if (audit.unacknowledgedOnJobsTopic() > 0) {
            notes.add(String.format("(b) %d submits whose connection broke when the gateway died are on `jobs` "
                    + "anyway (the client saw no 2xx): indeterminate, as expected without an idempotency key; they "
                    + "ran like any other job.", audit.unacknowledgedOnJobsTopic()));
        }
    }

    private static void brokerKill(List<String> notes, AuditResult audit, FaultEvent fault) {
        int failed = audit.failedSubmits().values().stream().mapToInt(Integer::intValue).sum();
        notes.add(String.format("(c) %s; %d submits failed while the partition leadership moved; the idempotent "
                + "`acks=all` producers of ingress and workers retried through the leader change.", fault.detail(),
                failed));
    }
}
