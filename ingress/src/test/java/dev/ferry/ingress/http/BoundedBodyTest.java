package dev.ferry.ingress.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** When a body that is still arriving becomes too slow: the schedule of the rate check, with no clock involved. */
class BoundedBodyTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final BoundedBody body = new BoundedBody(1024 * 1024, 256, () -> 0L);

    @Test
    void shouldGiveABodyOfWhichNothingArrivedItsGraceAndNoMore() {
        assertEquals(5 * SECOND, body.nanosUntilTooSlow(0, 0));
        assertEquals(2 * SECOND, body.nanosUntilTooSlow(0, 3 * SECOND));
        assertEquals(0, body.nanosUntilTooSlow(0, 5 * SECOND));
    }

    @Test
    void shouldLetABodyWaitAsLongAsItsAverageRateStaysAtTheMinimum() {
        assertEquals(5 * SECOND, body.nanosUntilTooSlow(2560, 5 * SECOND));
        assertEquals(3 * SECOND, body.nanosUntilTooSlow(256 * 10, 7 * SECOND));
        assertEquals(0, body.nanosUntilTooSlow(256 * 10, 10 * SECOND));
    }

    @Test
    void shouldNeverCutOffABodyWhenNoMinimumRateIsSet() {
        BoundedBody unlimited = new BoundedBody(1024, 0, () -> 0L);

        assertEquals(Long.MAX_VALUE, unlimited.nanosUntilTooSlow(0, 3600 * SECOND));
    }
}
