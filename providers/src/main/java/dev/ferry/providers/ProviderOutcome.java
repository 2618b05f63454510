package dev.ferry.providers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.job.JobError;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** How a provider call ended, classified once where the call is made. */
public sealed interface ProviderOutcome {

    /** The provider answered 2xx with a Responses object. */
    record Success(JsonNode response) implements ProviderOutcome {
        public Success {
            Objects.requireNonNull(response, "response");
        }
    }

    /**
     * The call failed. {@code retryable} is true for timeouts, connection failures, 408, 409, 429 and 5xx; the error's
     * {@code httpStatus} is the provider's status, or 502/504 when it never answered.
     */
    record Failure(JobError error, boolean retryable, Optional<Duration> retryAfter) implements ProviderOutcome {
        public Failure {
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(retryAfter, "retryAfter");
        }
    }
}
