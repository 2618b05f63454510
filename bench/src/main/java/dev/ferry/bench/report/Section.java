package dev.ferry.bench.report;

import dev.ferry.bench.load.LoadResult;
import dev.ferry.bench.system.CpuMonitor;
import java.util.List;

/**
 * What one scenario found.
 *
 * @param method how it was measured, in a sentence or two
 * @param findings the figures that answer the scenario's question, e.g. ratios to the baseline
 * @param steps every load step it ran, for the record
 * @param cpu how busy the machine was meanwhile, or null where unknown
 * @param curves the latency distributions to plot next to each other (by default those of the steps)
 */
public record Section(
        String id,
        String title,
        String method,
        List<Measurement> measurements,
        List<String> findings,
        List<LoadResult> steps,
        CpuMonitor.Usage cpu,
        List<LatencyCurve> curves) {

    public Section {
        measurements = List.copyOf(measurements);
        findings = List.copyOf(findings);
        steps = List.copyOf(steps);
        curves = List.copyOf(curves);
    }

    /** A section whose plot shows the latency runs among its steps. */
    public Section(
            String id,
            String title,
            String method,
            List<Measurement> measurements,
            List<String> findings,
            List<LoadResult> steps,
            CpuMonitor.Usage cpu) {
        this(id, title, method, measurements, findings, steps, cpu, LatencyCurve.fromSteps(steps));
    }
}
