package dev.ferry.webhooks;

import java.time.Duration;
import java.util.Optional;

/** How one attempt ended: the endpoint acknowledged it with a 2xx, or it did not. */
sealed interface AttemptOutcome {

    record Delivered(int httpStatus) implements AttemptOutcome {
    }

    /**
     * @param httpStatus the endpoint's status, 0 if it never answered (or was not called because it was busy)
     * @param retryAfter what the endpoint's {@code Retry-After} asked for, if anything
     * @param error a short reason for the logs and the attempt history
     */
    record Failed(int httpStatus, Optional<Duration> retryAfter, String error) implements AttemptOutcome {
    }
}
