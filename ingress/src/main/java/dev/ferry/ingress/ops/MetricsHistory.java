package dev.ferry.ingress.ops;

import dev.ferry.core.metrics.JobMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The last minutes of this node's job counters and end-to-end latency histogram, sampled every few seconds, so that
 * the operator page can plot throughput and latency from the moment it opens. Reads the same meters that
 * {@code /metrics} exports.
 */
public final class MetricsHistory {

    /** Samples kept: ten minutes at one every two seconds. */
    static final int KEPT = 300;
    /** Samples a latency point spans (ten seconds), so that a quiet interval still has a percentile. */
    private static final int LATENCY_WINDOW = 5;

    /** The plotted series, one point per sample interval, oldest first. */
    public record Series(
            List<Long> atMs,
            List<Double> submittedPerSecond,
            List<Double> completedPerSecond,
            List<Double> failedPerSecond,
            List<Double> p50Ms,
            List<Double> p99Ms) {
    }

    private record Sample(long atMs, double submitted, double completed, double failed, double[] bucketBoundsMs,
            double[] cumulative) {
    }

    private final MeterRegistry registry;
    private final Clock clock;
    private final Deque<Sample> samples = new ArrayDeque<>();

    public MetricsHistory(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** Takes one sample; called on a schedule. */
    public void sample() {
        Sample sample = take();
        synchronized (samples) {
            samples.addLast(sample);
            while (samples.size() > KEPT) {
                samples.removeFirst();
            }
        }
    }

    /** Totals since this node started, by counter name. */
    public double total(String counterName) {
        return registry.find(counterName).counters().stream().mapToDouble(Counter::count).sum();
    }

    public Series series() {
        List<Sample> all;
        synchronized (samples) {
            all = new ArrayList<>(samples);
        }
        Series series = new Series(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>(), new ArrayList<>());
        for (int i = 1; i < all.size(); i++) {
            Sample previous = all.get(i - 1);
            Sample current = all.get(i);
            double seconds = Math.max(0.001, (current.atMs() - previous.atMs()) / 1000.0);
            series.atMs().add(current.atMs());
            series.submittedPerSecond().add(round((current.submitted() - previous.submitted()) / seconds));
            series.completedPerSecond().add(round((current.completed() - previous.completed()) / seconds));
            series.failedPerSecond().add(round((current.failed() - previous.failed()) / seconds));
            Sample windowStart = all.get(Math.max(0, i - LATENCY_WINDOW));
            series.p50Ms().add(percentile(windowStart, current, 0.50));
            series.p99Ms().add(percentile(windowStart, current, 0.99));
        }
        return series;
    }

    private Sample take() {
        double failed = total(JobMetrics.FAILED) + total(JobMetrics.CANCELLED);
        double[] bounds = new double[0];
        double[] cumulative = new double[0];
        for (Timer timer : registry.find(JobMetrics.DURATION).timers()) {
            CountAtBucket[] buckets = timer.takeSnapshot().histogramCounts();
            if (bounds.length == 0) {
                bounds = new double[buckets.length];
                cumulative = new double[buckets.length];
                for (int b = 0; b < buckets.length; b++) {
                    bounds[b] = buckets[b].bucket(TimeUnit.MILLISECONDS);
                }
            }
            for (int b = 0; b < Math.min(buckets.length, cumulative.length); b++) {
                cumulative[b] += buckets[b].count();
            }
        }
        return new Sample(clock.millis(), total(JobMetrics.SUBMITTED), total(JobMetrics.COMPLETED), failed, bounds,
                cumulative);
    }

    /** The q-quantile of the jobs that ended between two samples, interpolated within its bucket; null if none. */
    private static Double percentile(Sample from, Sample to, double q) {
        double[] bounds = to.bucketBoundsMs();
        if (bounds.length == 0) {
            return null;
        }
        // a sample taken before the first job ended has no histogram yet: it counted nothing
        double[] start = from.cumulative().length == bounds.length ? from.cumulative() : new double[bounds.length];
        double total = to.cumulative()[bounds.length - 1] - start[bounds.length - 1];
        if (total <= 0) {
            return null;
        }
        double target = q * total;
        double below = 0;
        for (int b = 0; b < bounds.length; b++) {
            double upTo = to.cumulative()[b] - start[b];
            if (upTo >= target) {
                double lower = b == 0 ? 0 : bounds[b - 1];
                double inBucket = upTo - below;
                double fraction = inBucket <= 0 ? 1 : (target - below) / inBucket;
                return round(lower + fraction * (bounds[b] - lower));
            }
            below = upTo;
        }
        return round(bounds[bounds.length - 1]);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
