package dev.ferry.ingress.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the operations routes work with: the registry Ferry's meters live in, the Prometheus text of it (empty while
 * metrics are off), what readiness means for this process, and the operator page's data (empty on a management
 * listener, which serves no page).
 */
public record Operations(
        MeterRegistry registry,
        Optional<Supplier<String>> scrape,
        Readiness readiness,
        Optional<OperatorOverview> overview) {

    public Operations {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(scrape, "scrape");
        Objects.requireNonNull(readiness, "readiness");
        Objects.requireNonNull(overview, "overview");
    }

    /** No metrics, always ready, no page: for tests of other routes. */
    public static Operations none() {
        return new Operations(new CompositeMeterRegistry(), Optional.empty(), new Readiness(List.of()),
                Optional.empty());
    }
}
