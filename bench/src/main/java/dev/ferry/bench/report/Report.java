package dev.ferry.bench.report;

import dev.ferry.bench.system.CpuMonitor;
import java.time.Instant;
import java.util.List;

/**
 * A whole run: where and how it ran, each scenario's section, and the targets.
 *
 * @param command the command line that produced it
 * @param loadBefore the load average before the run started (other people's work on a shared machine)
 * @param cpu machine and bench-JVM CPU over the whole run, or null where unknown
 */
public record Report(
        Instant startedAt,
        long runSeconds,
        String command,
        MachineInfo machine,
        String loadBefore,
        String loadAfter,
        CpuMonitor.Usage cpu,
        List<Section> sections,
        List<TargetCheck> targets) {

    public Report {
        sections = List.copyOf(sections);
        targets = List.copyOf(targets);
    }
}
