package dev.ferry.faultharness;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReliabilityReportTest {

    private final HarnessOptions options = HarnessOptions.ci(Path.of("work"));
    private final MachineInfo machine = new MachineInfo(2, "24 GiB", "cpu", "jdk", "os");

    private static AuditResult audit(int lost, int servedConflicts) {
        return new AuditResult(100, 90, Map.of("ConnectException", 10), 90 - lost, Map.of("completed", 90 - lost),
                lost, lost > 0 ? List.of("job-1: last poll 202 in_progress") : List.of(), lost > 0 ? -1 : 2.5, 0, 3,
                92, 0, 2, 0, 1, 0, servedConflicts, 0, List.of(), 93, 2, 1, 0, 0, 0, Optional.of(0L),
                new TtlProbe.Result(List.of("t1", "t2"), 2, 20, 0, 0, 2));
    }

    private static ScenarioResult result(AuditResult audit) {
        FaultEvent fault = new FaultEvent("worker-1", 42, 4.0, 2.0, 5.0, "calls in flight: 9", Set.of(3, 4, 5));
        return new ScenarioResult(Scenario.WORKER_KILL, List.of(), List.of(fault), Map.of("answered", 10), List.of(), audit,
                60, null);
    }

    @Test
    void shouldSayEveryInvariantHeldWhenNothingWasLostOrConflicting() {
        ReliabilityReport report = new ReliabilityReport(options, machine, "1", "2", 100,
                List.of(result(audit(0, 0))));

        assertTrue(report.allHold());
        assertTrue(report.markdown().contains("Every audited invariant held"));
        assertFalse(report.markdown().contains("FAILS"));
    }

    @Test
    void shouldMarkTheFailingInvariantsAndShowWhichJobs() {
        ReliabilityReport report = new ReliabilityReport(options, machine, "1", "2", 100,
                List.of(result(audit(1, 2))));

        String markdown = report.markdown();
        assertFalse(report.allHold());
        assertTrue(markdown.contains("| I2 liveness: every accepted job terminal | **FAILS**: 1 accepted jobs never"));
        assertTrue(markdown.contains("| I3 exactly one visible terminal state | **FAILS**: 2 jobs served"));
        assertTrue(markdown.contains("job-1: last poll 202 in_progress"));
    }

    @Test
    void shouldFailEveryInvariantOfAScenarioThatCouldNotBeAudited() {
        ScenarioResult failed = ScenarioResult.failed(Scenario.BROKER_KILL, List.of(), List.of(), 12,
                new IllegalStateException("no leader"));
        ReliabilityReport report = new ReliabilityReport(options, machine, "1", "2", 100, List.of(failed));

        assertFalse(report.allHold());
        assertTrue(report.markdown().contains("could not be audited: `java.lang.IllegalStateException: no leader`"));
    }
}
