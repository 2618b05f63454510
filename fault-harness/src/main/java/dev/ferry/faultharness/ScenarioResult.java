package dev.ferry.faultharness;

import java.util.List;

/**
 * One scenario's outcome: its faults, the polls answered during the load, what clients saw while the fault lasted, its
 * audit and how long it took; or why it could not run.
 *
 * @param startupFailures Ferry processes that exited while starting (and were started again), with their error
 * @param polls answers by kind to the polls of {@link PollWatcher}, from the start of the load to the audit
 * @param notFoundSamples some of those polls that answered 404
 * @param duringFault the same polls, and the submits, from the kill until the killed process served again
 */
record ScenarioResult(Scenario scenario, List<String> startupFailures, List<FaultEvent> faults, PollTally polls,
        List<String> notFoundSamples, FaultWindow duringFault, AuditResult audit, double seconds, String harnessError) {

    ScenarioResult {
        startupFailures = List.copyOf(startupFailures);
        faults = List.copyOf(faults);
        notFoundSamples = List.copyOf(notFoundSamples);
    }

    static ScenarioResult failed(Scenario scenario, List<String> startupFailures, List<FaultEvent> faults,
            double seconds, Throwable error) {
        return new ScenarioResult(scenario, startupFailures, faults, FaultWindow.NONE.polls(), List.of(),
                FaultWindow.NONE, null, seconds, error.toString());
    }

    boolean audited() {
        return audit != null;
    }

    /** Processes killed in this scenario: each may add one run, so one provider call, to the jobs it held. */
    int crashes() {
        return faults.size();
    }
}
