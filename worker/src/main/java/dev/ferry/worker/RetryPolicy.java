package dev.ferry.worker;

import dev.ferry.providers.ProviderOutcome;
import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When to call the provider again after a failure: only for retryable failures, up to {@code maxAttempts} calls in
 * all, after an exponentially growing delay with ±20 % jitter, or after the provider's {@code Retry-After} when that is
 * longer. Delays never exceed {@code maxDelay}.
 */
final class RetryPolicy {

    private final int maxAttempts;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final DoubleSupplier random;

    /** @param random values in [0, 1), for the jitter */
    RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, DoubleSupplier random) {
        this.maxAttempts = maxAttempts;
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
        this.random = random;
    }

    /**
     * @param attemptsSoFar provider calls made for the job, the failed one included
     * @return the delay before the next call, or empty to give up
     */
    Optional<Duration> nextDelay(int attemptsSoFar, ProviderOutcome.Failure failure) {
        if (!failure.retryable() || attemptsSoFar >= maxAttempts) {
            return Optional.empty();
        }
        double exponential = baseDelay.toMillis() * Math.pow(2, attemptsSoFar - 1);
        double jittered = exponential * (0.8 + 0.4 * random.getAsDouble());
        long millis = (long) Math.max(jittered, failure.retryAfter().map(Duration::toMillis).orElse(0L));
        return Optional.of(Duration.ofMillis(Math.min(millis, maxDelay.toMillis())));
    }
}
