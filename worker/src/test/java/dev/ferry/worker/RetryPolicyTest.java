package dev.ferry.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.core.job.JobError;
import dev.ferry.providers.ProviderOutcome;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static ProviderOutcome.Failure failure(boolean retryable, Duration retryAfter) {
        return new ProviderOutcome.Failure(new JobError(503, "server_error", null, "busy", null), retryable,
                Optional.ofNullable(retryAfter));
    }

    private final RetryPolicy midJitter = new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(5), () -> 0.5);

    @Test
    void shouldNotRetryATerminalFailure() {
        assertTrue(midJitter.nextDelay(1, failure(false, null)).isEmpty());
    }

    @Test
    void shouldStopAfterTheAttemptLimit() {
        assertTrue(midJitter.nextDelay(3, failure(true, null)).isPresent());
        assertTrue(midJitter.nextDelay(4, failure(true, null)).isEmpty());
    }

    @Test
    void shouldDoubleTheDelayWithEachAttempt() {
        assertEquals(Duration.ofMillis(100), midJitter.nextDelay(1, failure(true, null)).orElseThrow());
        assertEquals(Duration.ofMillis(200), midJitter.nextDelay(2, failure(true, null)).orElseThrow());
        assertEquals(Duration.ofMillis(400), midJitter.nextDelay(3, failure(true, null)).orElseThrow());
    }

    @Test
    void shouldJitterByAtMostTwentyPercent() {
        RetryPolicy low = new RetryPolicy(4, Duration.ofMillis(1000), Duration.ofSeconds(5), () -> 0.0);
        RetryPolicy high = new RetryPolicy(4, Duration.ofMillis(1000), Duration.ofSeconds(5), () -> 0.999_999);
        assertEquals(800, low.nextDelay(1, failure(true, null)).orElseThrow().toMillis());
        assertEquals(1199, high.nextDelay(1, failure(true, null)).orElseThrow().toMillis());
    }

    @Test
    void shouldWaitAtLeastAsLongAsTheProvidersRetryAfter() {
        assertEquals(Duration.ofSeconds(2), midJitter.nextDelay(1, failure(true, Duration.ofSeconds(2))).orElseThrow());
    }

    @Test
    void shouldNeverWaitLongerThanTheMaximumDelay() {
        assertEquals(Duration.ofSeconds(5), midJitter.nextDelay(1, failure(true, Duration.ofHours(1))).orElseThrow());
    }
}
