package dev.ferry.bench.report;

import dev.ferry.bench.load.LoadResult;

/**
 * One row of a scenario's table.
 *
 * @param ratePerSecond the rate the row reports (sustained, achieved or jobs/s: the label says which)
 * @param count how many requests or jobs the row is made of
 * @param cpuMicrosPerRequest the bench JVM's CPU time per request, or NaN
 * @param note anything the numbers need to be read right, e.g. the ratio to the baseline
 */
public record Measurement(
        String label,
        double ratePerSecond,
        double p50Ms,
        double p99Ms,
        double cpuMicrosPerRequest,
        long count,
        long errors,
        String note) {

    public static Measurement of(String label, LoadResult result, String note) {
        return new Measurement(label, result.achievedRate(), result.p50Ms(), result.p99Ms(),
                result.cpuMicrosPerRequest(), result.succeeded(), result.errors(), note);
    }
}
