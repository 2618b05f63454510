package dev.ferry.bench.report;

import dev.ferry.bench.load.LoadResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.HdrHistogram.Histogram;

/**
 * One line of a latency plot: a target's latencies in microseconds, and what the legend calls it.
 */
public record LatencyCurve(String label, Histogram micros) {

    public LatencyCurve {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(micros, "micros");
    }

    /**
     * The latency runs among {@code steps}: for each target, its runs at the lowest rate it was offered (the fixed
     * moderate rate latencies are measured at, rather than the saturating steps that measure throughput), merged.
     */
    public static List<LatencyCurve> fromSteps(List<LoadResult> steps) {
        Map<String, List<LoadResult>> byTarget = new LinkedHashMap<>();
        for (LoadResult step : steps) {
            byTarget.computeIfAbsent(step.target(), target -> new ArrayList<>()).add(step);
        }
        List<LatencyCurve> curves = new ArrayList<>();
        byTarget.forEach((target, runs) -> {
            double lowest = runs.stream().map(LoadResult::targetRate).min(Comparator.naturalOrder()).orElseThrow();
            List<LoadResult> atLowest = runs.stream().filter(run -> run.targetRate() == lowest).toList();
            LoadResult merged = LoadResult.merge(atLowest);
            if (merged.latencyMicros().getTotalCount() > 0) {
                curves.add(new LatencyCurve(target, merged.latencyMicros()));
            }
        });
        return curves;
    }
}
