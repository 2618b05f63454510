package dev.ferry.ingress.ops;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/** A value worked out at most once per {@code ttl}, for facts that cost a broker round trip. */
final class Cached<T> {

    private final Supplier<T> source;
    private final Duration ttl;
    private final Clock clock;
    private T value;
    private long computedAtMs = Long.MIN_VALUE;

    Cached(Supplier<T> source, Duration ttl, Clock clock) {
        this.source = source;
        this.ttl = ttl;
        this.clock = clock;
    }

    synchronized T get() {
        long now = clock.millis();
        if (value == null || now - computedAtMs >= ttl.toMillis()) {
            value = source.get();
            computedAtMs = now;
        }
        return value;
    }
}
