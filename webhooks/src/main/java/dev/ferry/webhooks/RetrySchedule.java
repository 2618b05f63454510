package dev.ferry.webhooks;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.DoubleSupplier;

/**
 * When a failed delivery is tried again: exponential backoff from {@code baseDelay}, doubling per attempt up to
 * {@code maxDelay}, with ±20 % jitter, never sooner than the endpoint's {@code Retry-After}; never once the next try
 * would fall beyond {@code giveUpAfter} from the first attempt. A pure function of its inputs.
 */
record RetrySchedule(Duration baseDelay, Duration maxDelay, Duration giveUpAfter, DoubleSupplier random) {

    /** @return when to try next, or empty to give up */
    OptionalLong nextDueAt(Delivery failed, Optional<Duration> retryAfter, long nowMs) {
        int failures = Math.max(1, failed.attempts().size());
        double backoff = Math.min(maxDelay.toMillis(), baseDelay.toMillis() * Math.pow(2, Math.min(failures - 1, 40)));
        long jittered = Math.round(backoff * (0.8 + 0.4 * random.getAsDouble()));
        long delay = Math.max(jittered, retryAfter.map(Duration::toMillis).orElse(0L));
        long due = nowMs + delay;
        return due > failed.firstAttemptAtMs() + giveUpAfter.toMillis() ? OptionalLong.empty() : OptionalLong.of(due);
    }
}
