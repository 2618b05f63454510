package dev.ferry.faultharness;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The short fault harness: three Kafka nodes, two gateways, two workers and the mock provider, each its own JVM;
 * 10 s of load per scenario while a worker, a gateway and then a partition leader are killed with SIGKILL. The whole
 * verdict must hold: every invariant the report judges, in every scenario (a scenario that could not be audited
 * fails them all). The report goes to {@code target/fault-harness-it/RELIABILITY-ci.md}, the processes' logs next
 * to it.
 */
class FaultHarnessIT {

    @Test
    @Timeout(value = 9, unit = TimeUnit.MINUTES)
    void shouldHoldEveryInvariantWhenWorkersGatewaysAndBrokersAreKilled() throws Exception {
        Path workDir = Path.of(System.getProperty("ferry.faultharness.workDir", "target/fault-harness-it"));
        HarnessOptions options = HarnessOptions.ci(workDir);

        ReliabilityReport report = new FaultHarness(options, System.getProperty("java.class.path"), System.out).run();

        String markdown = report.markdown();
        Files.writeString(workDir.resolve("RELIABILITY-ci.md"), markdown, StandardCharsets.UTF_8);
        System.out.println(markdown);
        assertEquals(options.scenarios().size(), report.results().size(), "every scenario ran");
        assertAll(
                () -> assertEquals(List.of(), report.failures(), "every invariant of every scenario holds"),
                () -> report.results().stream().filter(ScenarioResult::audited).forEach(result -> assertTrue(
                        result.audit().accepted() > 0, result.scenario().id() + ": some jobs were accepted")));
    }
}
