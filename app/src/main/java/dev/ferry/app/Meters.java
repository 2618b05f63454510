package dev.ferry.app;

import dev.ferry.core.config.MetricsSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The process's one meter registry, built here and passed to every role: Prometheus with the JVM's own metrics, or,
 * with {@code FERRY_METRICS_ENABLED=false}, a registry that records nothing. Micrometer's global registry is never
 * used.
 */
final class Meters implements AutoCloseable {

    private final MeterRegistry registry;
    private final Optional<Supplier<String>> scrape;
    private final Optional<JvmGcMetrics> gc;

    private Meters(MeterRegistry registry, Optional<Supplier<String>> scrape, Optional<JvmGcMetrics> gc) {
        this.registry = registry;
        this.scrape = scrape;
        this.gc = gc;
    }

    static Meters create(MetricsSettings settings) {
        if (!settings.enabled()) {
            return new Meters(new CompositeMeterRegistry(), Optional.empty(), Optional.empty());
        }
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(prometheus);
        new JvmThreadMetrics().bindTo(prometheus);
        new ClassLoaderMetrics().bindTo(prometheus);
        new ProcessorMetrics().bindTo(prometheus);
        new UptimeMetrics().bindTo(prometheus);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(prometheus);
        return new Meters(prometheus, Optional.of(prometheus::scrape), Optional.of(gc));
    }

    MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text of every meter, or empty while metrics are off. */
    Optional<Supplier<String>> scrape() {
        return scrape;
    }

    @Override
    public void close() {
        gc.ifPresent(JvmGcMetrics::close);
        registry.close();
    }
}
