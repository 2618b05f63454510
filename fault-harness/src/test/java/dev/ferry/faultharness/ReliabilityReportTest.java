package dev.ferry.faultharness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReliabilityReportTest {

    private final HarnessOptions options = HarnessOptions.ci(Path.of("work"));
    private final MachineInfo machine = new MachineInfo(2, "24 GiB", "cpu", "jdk", "os");

    private ReliabilityReport report(ScenarioResult... results) {
        return new ReliabilityReport(options, machine, "1", "2", 100, List.of(results));
    }

    @Test
    void shouldSayEveryInvariantHeldWhenNothingWasLostOrConflicting() {
        ReliabilityReport report = report(new ScenarioFixture().build());

        assertTrue(report.allHold());
        assertEquals(List.of(), report.failures());
        assertTrue(report.markdown().contains("Every audited invariant held"));
        assertFalse(report.markdown().contains("FAILS"));
    }

    @Test
    void shouldMarkTheFailingInvariantsAndShowWhichJobs() {
        ScenarioFixture failing = new ScenarioFixture();
        failing.lost = 1;
        failing.servedConflicts = 2;

        String markdown = report(failing.build()).markdown();

        assertTrue(markdown.contains("| I2 liveness: every accepted job terminal | **FAILS**: 1 accepted jobs never"));
        assertTrue(markdown.contains("| I3 exactly one visible terminal state | **FAILS**: 2 jobs served"));
        assertTrue(markdown.contains("job-1: last poll 202 in_progress"));
    }

    @Test
    void shouldListAFailureForEachInvariantThatFailed() {
        ScenarioFixture failing = new ScenarioFixture();
        failing.maxStartedPerJob = 5;
        failing.phantomEventJobs = 1;
        failing.workerLag = Optional.of(3L);
        failing.pollsDuringLoad = Map.of("answered", 10, "404", 1);

        List<String> failures = report(failing.build()).failures();

        assertEquals(4, failures.size(), failures.toString());
        assertTrue(failures.stream().anyMatch(f -> f.contains("I4 provider calls per job")), failures.toString());
        assertTrue(failures.stream().anyMatch(f -> f.contains("I7 no events")), failures.toString());
        assertTrue(failures.stream().anyMatch(f -> f.contains("I8 recovery")), failures.toString());
        assertTrue(failures.stream().anyMatch(f -> f.contains("no 404 for an accepted job")), failures.toString());
    }

    @Test
    void shouldFailEveryInvariantOfAScenarioThatCouldNotBeAudited() {
        ScenarioResult failed = ScenarioResult.failed(Scenario.BROKER_KILL, List.of(), List.of(), 12,
                new IllegalStateException("no leader"));
        ReliabilityReport report = report(failed);

        assertEquals(Invariant.values().length, report.failures().size());
        assertTrue(report.markdown().contains("could not be audited: `java.lang.IllegalStateException: no leader`"));
    }
}
