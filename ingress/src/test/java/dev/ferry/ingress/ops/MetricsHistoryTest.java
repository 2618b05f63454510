package dev.ferry.ingress.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.core.metrics.JobMetrics;
import dev.ferry.core.metrics.MetricLabels;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The operator page's plotted series: rates per interval and latency percentiles from histogram deltas. */
class MetricsHistoryTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final JobMetrics jobs = new JobMetrics(registry, new MetricLabels(Set.of("mock"), Set.of()));
    private Instant now = Instant.parse("2026-11-30T12:00:00Z");

    private MetricsHistory history() {
        return new MetricsHistory(registry, new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        });
    }

    @Test
    void shouldPlotRatesPerSecondAndPercentilesOfTheJobsThatEnded() {
        MetricsHistory history = history();
        history.sample(); // before any job: no histogram yet
        for (int i = 0; i < 10; i++) {
            jobs.submitted("mock/x");
        }
        for (int i = 0; i < 99; i++) {
            jobs.completed("mock/x", 40);
        }
        jobs.completed("mock/x", 4000);
        now = now.plusSeconds(2);
        history.sample();
        MetricsHistory.Series series = history.series();
        assertEquals(1, series.atMs().size());
        assertEquals(5.0, series.submittedPerSecond().get(0));
        assertEquals(50.0, series.completedPerSecond().get(0));
        double p50 = series.p50Ms().get(0);
        assertTrue(p50 > 25 && p50 <= 50, "p50 in the 25-50 ms bucket: " + p50);
        double p99 = series.p99Ms().get(0);
        assertTrue(p99 > 25 && p99 <= 50, "p99 of 100 jobs with one slow: " + p99);
    }

    @Test
    void shouldPlotNoLatencyForAnIntervalInWhichNoJobEnded() {
        MetricsHistory history = history();
        jobs.submitted("mock/x");
        history.sample();
        now = now.plusSeconds(2);
        history.sample();
        assertNull(history.series().p99Ms().get(0));
    }

    @Test
    void shouldKeepTenMinutesOfSamples() {
        MetricsHistory history = history();
        for (int i = 0; i < MetricsHistory.KEPT + 50; i++) {
            history.sample();
            now = now.plusSeconds(2);
        }
        assertEquals(MetricsHistory.KEPT - 1, history.series().atMs().size());
    }
}
