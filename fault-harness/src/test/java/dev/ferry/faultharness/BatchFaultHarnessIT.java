package dev.ferry.faultharness;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

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
 * The short batch fault harness: three Kafka nodes, two gateways, two workers and the mock provider, each its own
 * JVM; a batch of 2,000 lines while a worker, the gateway expanding the batch, and the leader of the batch's lane
 * partition are killed with SIGKILL. Every {@code custom_id} must be in the output or error file exactly once, and
 * every line job on the lane once. The report goes to {@code target/batch-fault-harness-it/RELIABILITY-batch-ci.md}.
 */
class BatchFaultHarnessIT {

    @Test
    @Timeout(value = 9, unit = TimeUnit.MINUTES)
    void shouldKeepEveryCustomIdExactlyOnceWhenWorkersGatewaysAndBrokersAreKilledMidBatch() throws Exception {
        Path workDir = Path.of(System.getProperty("ferry.faultharness.batchWorkDir", "target/batch-fault-harness-it"));
        BatchHarnessOptions options = BatchHarnessOptions.ci(workDir);

        List<BatchScenarioResult> results = new BatchFaultHarness(options, System.getProperty("java.class.path"),
                System.out).run();

        String markdown = BatchReliabilitySection.markdown(results, options.command(), MachineInfo.current(), "", "");
        Files.writeString(workDir.resolve("RELIABILITY-batch-ci.md"), markdown, StandardCharsets.UTF_8);
        System.out.println(markdown);
        List<Executable> checks = new ArrayList<>();
        for (BatchScenarioResult result : results) {
            String name = "scenario " + result.fault().id() + " (" + result.fault().title() + ")";
            checks.add(() -> assertNotNull(result.audit(), name + " ran and was audited: " + result.harnessError()));
            if (result.audit() != null) {
                BatchAudit.Result audit = result.audit();
                checks.add(() -> assertEquals("completed", audit.status(), name + ": the batch completed"));
                checks.add(() -> assertEquals(options.lines(), audit.total(), name + ": request_counts.total"));
                checks.add(() -> assertEquals(0, audit.missing(), name + ": custom_ids in neither file "
                        + audit.samples()));
                checks.add(() -> assertEquals(0, audit.duplicated(), name + ": custom_ids more than once "
                        + audit.samples()));
                checks.add(() -> assertEquals(0, audit.unexpected(), name + ": custom_ids not in the input"));
                checks.add(() -> assertEquals(options.lines(), audit.laneRecords(), name + ": line jobs on the lane"));
                checks.add(() -> assertEquals(0, audit.laneDuplicates(), name + ": line jobs written twice"));
            }
        }
        assertEquals(options.faults().size(), results.size(), "every scenario ran");
        assertAll(checks);
    }
}
