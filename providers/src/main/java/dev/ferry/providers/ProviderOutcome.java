package dev.ferry.providers;

import dev.ferry.core.job.JobError;
import dev.ferry.core.serde.RawJson;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** How a provider call ended, classified once where the call is made. */
public sealed interface ProviderOutcome {

    /**
     * The provider answered 2xx with a Responses object, kept as the bytes it answered with: checked to be one JSON
     * object, passed on without being built into a tree.
     *
     * @param headers the provider's headers a client may use ({@code x-request-id}, {@code x-ratelimit-*})
     */
    record Success(RawJson response, Map<String, String> headers) implements ProviderOutcome {
        public Success {
            Objects.requireNonNull(response, "response");
            headers = Map.copyOf(headers);
        }

        public Success(RawJson response) {
            this(response, Map.of());
        }
    }

    /**
     * The call failed. {@code retryable} is true for timeouts, connection failures, 408, 409, 429 and 5xx; the error's
     * {@code httpStatus} is the provider's status, or 502/504 when it never answered; its
     * {@code providerHeaders} are what the provider sent that clients time retries by.
     */
    record Failure(JobError error, boolean retryable, Optional<Duration> retryAfter) implements ProviderOutcome {
        public Failure {
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(retryAfter, "retryAfter");
        }
    }
}
