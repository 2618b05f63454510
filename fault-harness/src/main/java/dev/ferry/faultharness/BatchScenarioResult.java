package dev.ferry.faultharness;

/**
 * One batch scenario: the fault, what the audit found, how long the batch took, or why the scenario could not run.
 *
 * @param providerCalls requests the mock provider received, or -1 if unknown
 */
record BatchScenarioResult(BatchFault fault, int lines, FaultEvent event, BatchAudit.Result audit,
        double batchSeconds, long providerCalls, double seconds, String harnessError) {

    boolean holds() {
        return audit != null && audit.holds(lines);
    }
}
