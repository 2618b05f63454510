package dev.ferry.faultharness;

import java.util.List;
import java.util.Map;

/**
 * One scenario's outcome: its faults, the polls answered while they happened, its audit and how long it took; or why
 * it could not run.
 *
 * @param startupFailures Ferry processes that exited while starting (and were started again), with their error
 * @param pollsDuringFault answers by kind to the polls of {@link PollWatcher} from the start of the load to the audit
 */
record ScenarioResult(Scenario scenario, List<String> startupFailures, List<FaultEvent> faults,
        Map<String, Integer> pollsDuringFault, List<String> notFoundDuringFault, AuditResult audit, double seconds,
        String harnessError) {

    ScenarioResult {
        startupFailures = List.copyOf(startupFailures);
        faults = List.copyOf(faults);
        pollsDuringFault = Map.copyOf(pollsDuringFault);
        notFoundDuringFault = List.copyOf(notFoundDuringFault);
    }

    static ScenarioResult failed(Scenario scenario, List<String> startupFailures, List<FaultEvent> faults,
            double seconds, Throwable error) {
        return new ScenarioResult(scenario, startupFailures, faults, Map.of(), List.of(), null, seconds,
                error.toString());
    }

    int notFoundDuringFaultCount() {
        return pollsDuringFault.getOrDefault("404", 0);
    }

    boolean audited() {
        return audit != null;
    }

    /** Processes killed in this scenario: each may add one run, so one provider call, to the jobs it held. */
    int crashes() {
        return faults.size();
    }
}
