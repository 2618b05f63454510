package dev.ferry.bench.scenario;

import dev.ferry.bench.load.LoadResult;
import dev.ferry.bench.load.ThroughputComparison;
import dev.ferry.bench.report.Measurement;
import java.util.List;
import java.util.Locale;

/** Turns throughput comparisons into report rows and ratios. */
final class Rows {

    private Rows() {
    }

    /** Throughput (median round) with the latency of the fixed-rate run beside it. */
    static Measurement of(String label, ThroughputComparison.Measured measured, String note) {
        LoadResult median = measured.medianRound();
        LoadResult latency = measured.latency();
        long errors = measured.runs().stream().mapToLong(LoadResult::errors).sum();
        return new Measurement(label, median.achievedRate(), latency.p50Ms(), latency.p99Ms(),
                median.cpuMicrosPerRequest(), median.succeeded() + latency.succeeded(), errors, note);
    }

    static List<LoadResult> runs(List<ThroughputComparison.Measured> measured) {
        return measured.stream().flatMap(m -> m.runs().stream()).toList();
    }

    static double ratio(double value, double baseline) {
        return baseline > 0 ? value / baseline : 0;
    }

    static String times(double ratio) {
        return String.format(Locale.ROOT, "%.2f×", ratio);
    }

    static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.0f %%", ratio * 100);
    }

    static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f/s", perSecond);
    }

    /** The ratio of two CPU costs per request, as "n.nn× the CPU of" text. */
    static String cpuRatio(ThroughputComparison.Measured measured, ThroughputComparison.Measured baseline) {
        double ratio = measured.medianRound().cpuMicrosPerRequest() / baseline.medianRound().cpuMicrosPerRequest();
        return Double.isNaN(ratio) ? "n/a" : times(ratio);
    }

    /** How the rows of a throughput table were measured, for the section text. */
    static String method(ScenarioContext context) {
        return String.format(Locale.ROOT, "Rate = the median of %d interleaved throughput rounds of %s s at an offered "
                        + "%,.0f/s (far above capacity, so the %d load-generator connections are never idle); "
                        + "p50/p99 = a separate run at a fixed %,.0f/s; CPU µs/req = the bench JVM's CPU time (load generator, "
                        + "broker and servers included) per request in the median round, apart from its JIT compiler "
                        + "threads (their share is the JIT column of every load run).",
                context.options().rounds(), seconds(context), context.options().saturationRate(),
                context.options().connections(), context.options().latencyRate());
    }

    private static String seconds(ScenarioContext context) {
        double s = context.options().duration().toMillis() / 1000.0;
        return s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s);
    }
}
