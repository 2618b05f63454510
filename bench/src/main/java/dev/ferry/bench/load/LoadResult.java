package dev.ferry.bench.load;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * One open-loop run at one arrival rate. Latencies are in microseconds, measured from each request's intended send
 * time, so time spent waiting behind a slow request counts (no coordinated omission).
 *
 * @param succeeded requests answered with a success
 * @param errors error answers and failures on the wire
 * @param missed requests the schedule held that were never sent because the run ended first
 * @param elapsedNanos from the first intended send to the end of the schedule or the last answer, whichever is later
 * @param cpuNanos CPU time this whole JVM used meanwhile (load generator and every server in it) apart from its JIT
 *     compiler threads, or -1 if unknown
 * @param compilingNanos CPU time its JIT compiler threads used meanwhile (see {@link ProcessCpu}), or -1 if unknown
 */
public record LoadResult(
        String target,
        double targetRate,
        long succeeded,
        long errors,
        long missed,
        long elapsedNanos,
        long cpuNanos,
        long compilingNanos,
        Histogram latencyMicros) {

    public double achievedRate() {
        return elapsedNanos <= 0 ? 0 : succeeded * 1e9 / elapsedNanos;
    }

    /**
     * CPU microseconds this JVM spent per successful request: a cost that other processes' load on a shared machine
     * barely changes, unlike throughput.
     */
    public double cpuMicrosPerRequest() {
        return perRequest(cpuNanos);
    }

    /** CPU microseconds the JIT compiler threads spent per successful request: left out of the CPU per request. */
    public double compilingMicrosPerRequest() {
        return perRequest(compilingNanos);
    }

    private double perRequest(long nanos) {
        return nanos < 0 || succeeded == 0 ? Double.NaN : nanos / 1000.0 / succeeded;
    }

    public double percentileMs(double percentile) {
        return latencyMicros.getTotalCount() == 0 ? Double.NaN
                : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }

    public double p50Ms() {
        return percentileMs(50);
    }

    public double p99Ms() {
        return percentileMs(99);
    }

    public double maxMs() {
        return latencyMicros.getTotalCount() == 0 ? Double.NaN : latencyMicros.getMaxValue() / 1000.0;
    }

    /** Several runs of one target at one rate taken together, as if they were one run. */
    public static LoadResult merge(List<LoadResult> runs) {
        Histogram latency = new Histogram(runs.get(0).latencyMicros().getHighestTrackableValue(), 3);
        long succeeded = 0;
        long errors = 0;
        long missed = 0;
        long elapsed = 0;
        long cpu = 0;
        long compiling = 0;
        for (LoadResult run : runs) {
            latency.add(run.latencyMicros());
            succeeded += run.succeeded();
            errors += run.errors();
            missed += run.missed();
            elapsed += run.elapsedNanos();
            cpu = cpu < 0 || run.cpuNanos() < 0 ? -1 : cpu + run.cpuNanos();
            compiling = compiling < 0 || run.compilingNanos() < 0 ? -1 : compiling + run.compilingNanos();
        }
        return new LoadResult(runs.get(0).target(), runs.get(0).targetRate(), succeeded, errors, missed, elapsed, cpu,
                compiling, latency);
    }
}
