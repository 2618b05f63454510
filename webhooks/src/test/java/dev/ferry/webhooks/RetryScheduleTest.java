package dev.ferry.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    private static final RetrySchedule NO_JITTER = new RetrySchedule(Duration.ofSeconds(5), Duration.ofHours(1),
            Duration.ofHours(72), () -> 0.5);

    private static Delivery afterFailures(int failures) {
        List<Delivery.Attempt> attempts = new ArrayList<>();
        for (int i = 1; i <= failures; i++) {
            attempts.add(new Delivery.Attempt(i, 0, 1, 503, "http_503"));
        }
        return new Delivery("wh_1", "e", "o", "evt_1", "response.completed", "{}", 0, 0, attempts);
    }

    @Test
    void shouldDoubleTheDelayWithEachFailureUpToTheMaximum() {
        assertEquals(OptionalLong.of(5_000), NO_JITTER.nextDueAt(afterFailures(1), Optional.empty(), 0));
        assertEquals(OptionalLong.of(10_000), NO_JITTER.nextDueAt(afterFailures(2), Optional.empty(), 0));
        assertEquals(OptionalLong.of(40_000), NO_JITTER.nextDueAt(afterFailures(4), Optional.empty(), 0));
        assertEquals(OptionalLong.of(3_600_000), NO_JITTER.nextDueAt(afterFailures(20), Optional.empty(), 0));
    }

    @Test
    void shouldJitterByAtMostTwentyPercent() {
        RetrySchedule low = new RetrySchedule(Duration.ofSeconds(5), Duration.ofHours(1), Duration.ofHours(72), () -> 0.0);
        RetrySchedule high = new RetrySchedule(Duration.ofSeconds(5), Duration.ofHours(1), Duration.ofHours(72),
                () -> 0.999_999);

        assertEquals(4_000, low.nextDueAt(afterFailures(1), Optional.empty(), 0).getAsLong());
        assertTrue(high.nextDueAt(afterFailures(1), Optional.empty(), 0).getAsLong() <= 6_000);
    }

    @Test
    void shouldNeverRetrySoonerThanRetryAfterAsks() {
        assertEquals(OptionalLong.of(120_000),
                NO_JITTER.nextDueAt(afterFailures(1), Optional.of(Duration.ofMinutes(2)), 0));
    }

    @Test
    void shouldGiveUpOnceTheNextTryWouldFallBeyondTheHorizon() {
        long horizon = Duration.ofHours(72).toMillis();

        assertEquals(OptionalLong.empty(), NO_JITTER.nextDueAt(afterFailures(30), Optional.empty(), horizon - 1_000));
        assertTrue(NO_JITTER.nextDueAt(afterFailures(30), Optional.empty(), horizon - 3_600_000).isPresent());
    }
}
