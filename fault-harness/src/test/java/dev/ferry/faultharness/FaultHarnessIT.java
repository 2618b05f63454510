package dev.ferry.faultharness;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * The short fault harness: three Kafka nodes, two gateways, two workers and the mock provider, each its own JVM;
 * 10 s of load per scenario while a worker, a gateway and then a partition leader are killed with SIGKILL. Every
 * accepted job must become terminal and show one result. The report goes to
 * {@code target/fault-harness-it/RELIABILITY-ci.md}, the processes' logs next to it.
 */
class FaultHarnessIT {

    @Test
    @Timeout(value = 9, unit = TimeUnit.MINUTES)
    void shouldLoseNoJobAndServeOneResultPerJobWhenWorkersGatewaysAndBrokersAreKilled() throws Exception {
        Path workDir = Path.of(System.getProperty("ferry.faultharness.workDir", "target/fault-harness-it"));
        HarnessOptions options = HarnessOptions.ci(workDir);

        ReliabilityReport report = new FaultHarness(options, System.getProperty("java.class.path"), System.out).run();

        String markdown = report.markdown();
        Files.writeString(workDir.resolve("RELIABILITY-ci.md"), markdown, StandardCharsets.UTF_8);
        System.out.println(markdown);
        List<Executable> checks = new ArrayList<>();
        for (ScenarioResult result : report.results()) {
            String name = "scenario " + result.scenario().id() + " (" + result.scenario().title() + ")";
            checks.add(() -> assertTrue(result.audited(), name + " ran and was audited: " + result.harnessError()));
            if (result.audited()) {
                AuditResult audit = result.audit();
                checks.add(() -> assertTrue(audit.accepted() > 0, name + ": some jobs were accepted"));
                checks.add(() -> assertEquals(0, audit.lost(), name + ": accepted jobs never terminal "
                        + audit.lostSamples()));
                checks.add(() -> assertEquals(0, audit.conflicting(), name + ": jobs served with more than one "
                        + "result " + audit.conflictSamples()));
                checks.add(() -> assertEquals(0, audit.acceptedMissingFromJobsTopic(), name
                        + ": accepted jobs missing from the jobs topic"));
                checks.add(() -> assertEquals(0, audit.ttl().servedAfterExpiry(), name
                        + ": results served after their TTL"));
            }
        }
        assertEquals(options.scenarios().size(), report.results().size(), "every scenario ran");
        assertAll(checks);
    }
}
