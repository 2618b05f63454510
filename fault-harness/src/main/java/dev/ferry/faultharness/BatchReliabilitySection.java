package dev.ferry.faultharness;

import java.util.List;
import java.util.Locale;

/** The batch scenarios' section of RELIABILITY.md. */
final class BatchReliabilitySection {

    private BatchReliabilitySection() {
    }

    static String markdown(List<BatchScenarioResult> results, String command, MachineInfo machine, String loadBefore,
            String loadAfter) {
        StringBuilder md = new StringBuilder();
        md.append("## Batches under kill -9\n\n");
        md.append("Command: `").append(command).append("`. Machine: ").append(machine.cores()).append(" cores, ")
                .append(machine.memory()).append(", ").append(machine.jdk()).append("; load average ")
                .append(loadBefore).append(" before, ").append(loadAfter).append(" after.\n\n");
        md.append("Each scenario deploys three Kafka nodes (replication factor 3, `min.insync.replicas=2`), two "
                + "gateways sharing the job store and two workers, each its own JVM, with the batch lane at 5 % of "
                + "each worker's in-flight cap and a slow mock provider, so that the batch is still running when one "
                + "process is killed with SIGKILL and restarted. The audit downloads the output and error files and "
                + "reads the batch lane (`jobs-batch`) from the start: every `custom_id` must appear exactly once "
                + "across the two files, and every line job exactly once on the lane.\n\n");
        md.append("| Scenario | Lines | Fault | Batch | Output + error lines | Missing | Twice | Unexpected | "
                + "Lane records (twice) | Provider calls | Holds |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (BatchScenarioResult result : results) {
            BatchAudit.Result audit = result.audit();
            String fault = result.event() == null ? "—" : String.format(Locale.ROOT, "%s killed at %.1f s (%s); "
                    + "serving again %.1f s after its restart", result.event().target(), result.event().atSeconds(),
                    result.event().detail(), result.event().recoveredSeconds());
            if (audit == null) {
                md.append(String.format(Locale.ROOT, "| %s %s | %d | %s | did not run: %s | | | | | | | no |%n",
                        result.fault().id(), result.fault().title(), result.lines(), fault, result.harnessError()));
                continue;
            }
            md.append(String.format(Locale.ROOT, "| %s %s | %d | %s | %s in %.0f s (%d completed, %d failed) | "
                            + "%d + %d | %d | %d | %d | %d (%d) | %s | %s |%n",
                    result.fault().id(), result.fault().title(), result.lines(), fault, audit.status(),
                    result.batchSeconds(), audit.completed(), audit.failed(), audit.outputLines(), audit.errorLines(),
                    audit.missing(), audit.duplicated(), audit.unexpected(), audit.laneRecords(),
                    audit.laneDuplicates(), result.providerCalls() < 0 ? "?" : Long.toString(result.providerCalls()),
                    result.holds() ? "yes" : "NO"));
        }
        md.append("\nExpected: ");
        for (BatchFault fault : BatchFault.values()) {
            md.append("(").append(fault.id()).append(") ").append(fault.expectation()).append(". ");
        }
        md.append("Provider calls above the line count are lines run again after the kill (a worker's unfinished "
                + "calls), which the first-terminal-event rule keeps from showing twice.\n");
        for (BatchScenarioResult result : results) {
            if (result.audit() != null && !result.audit().samples().isEmpty()) {
                md.append("\n").append(result.fault().id()).append(": ")
                        .append(String.join("; ", result.audit().samples())).append("\n");
            }
        }
        return md.toString();
    }
}
