package dev.ferry.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Metric labels come from configuration only, so clients cannot grow the set of time series. */
class MetricLabelsTest {

    private final MetricLabels labels = new MetricLabels(Set.of("openai", "mock"), Set.of("openai/gpt-4o"));

    @Test
    void shouldLabelAConfiguredModelByItsName() {
        assertEquals(new MetricLabels.Labels("openai", "openai/gpt-4o"), labels.of("openai/gpt-4o"));
        assertEquals(new MetricLabels.Labels("openai", "openai/gpt-4o"), labels.of("gpt-4o"));
    }

    @Test
    void shouldLabelAnyOtherModelOther() {
        assertEquals(new MetricLabels.Labels("mock", "other"), labels.of("mock/anything-a-client-chose"));
        assertEquals(new MetricLabels.Labels("other", "other"), labels.of("unknown/gpt-4o"));
        assertEquals(new MetricLabels.Labels("other", "other"), labels.of(null));
    }

    @Test
    void shouldKeepTheSeriesCountBoundedHoweverManyModelsClientsName() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        JobMetrics metrics = new JobMetrics(registry, labels);
        for (int i = 0; i < 5_000; i++) {
            metrics.submitted("mock/model-" + i);
        }
        assertEquals(1, registry.find(JobMetrics.SUBMITTED).counters().size());
        assertEquals(5_000, registry.find(JobMetrics.SUBMITTED).counter().count());
    }

    @Test
    void shouldCountFailuresByStatusClass() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        JobMetrics metrics = new JobMetrics(registry, labels);
        metrics.failed("mock/x", 429, 10);
        metrics.failed("mock/x", 503, 10);
        metrics.failed("mock/x", 504, 10);
        assertEquals(1, registry.find(JobMetrics.FAILED).tag("status_class", "4xx").counter().count());
        assertEquals(2, registry.find(JobMetrics.FAILED).tag("status_class", "5xx").counter().count());
    }
}
