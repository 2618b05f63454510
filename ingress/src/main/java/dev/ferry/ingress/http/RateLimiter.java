package dev.ferry.ingress.http;

import dev.ferry.core.error.FerryException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per principal: {@code perSecond} requests a second, bursts of twice that. Principals are the
 * configured credentials (or the one anonymous principal), so the map stays as small as the key list.
 */
final class RateLimiter {

    private final double perSecond;
    private final double burst;
    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimiter(int perSecond, LongSupplier nanoClock) {
        this.perSecond = perSecond;
        this.burst = 2.0 * perSecond;
        this.nanoClock = nanoClock;
    }

    /** @throws FerryException.RateLimited when the principal has no request left right now */
    void acquire(String principal) {
        if (perSecond <= 0) {
            return;
        }
        double waitSeconds = buckets.computeIfAbsent(principal, p -> new Bucket(burst, nanoClock.getAsLong()))
                .take(nanoClock.getAsLong());
        if (waitSeconds > 0) {
            throw new FerryException.RateLimited("rate limit exceeded: at most " + (long) perSecond
                    + " requests per second for this key", Duration.ofSeconds((long) Math.ceil(waitSeconds)));
        }
    }

    private final class Bucket {
        private double tokens;
        private long lastNanos;

        Bucket(double tokens, long nowNanos) {
            this.tokens = tokens;
            this.lastNanos = nowNanos;
        }

        /** Takes a token; returns 0, or the seconds until one is available. */
        synchronized double take(long nowNanos) {
            tokens = Math.min(burst, tokens + (nowNanos - lastNanos) / 1e9 * perSecond);
            lastNanos = nowNanos;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (1 - tokens) / perSecond;
        }
    }
}
