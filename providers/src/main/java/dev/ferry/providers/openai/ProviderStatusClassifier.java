package dev.ferry.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.core.job.JobError;
import dev.ferry.core.serde.RawJson;
import dev.ferry.providers.ProviderOutcome;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.HttpResponseException;
import org.eclipse.jetty.http.HttpFields;

/**
 * The one table that turns what a provider answered (or failed to answer) into a {@link ProviderOutcome}: success,
 * or a failure in OpenAI's error vocabulary that says whether retrying can help.
 */
public final class ProviderStatusClassifier {

    private final ObjectMapper mapper;

    public ProviderStatusClassifier(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /**
     * Classifies an HTTP answer, keeping the headers clients time retries by ({@link PassThroughHeaders}).
     *
     * @param status the upstream status code
     * @param headers the upstream response headers
     * @param body the raw response body
     */
    public ProviderOutcome classify(int status, HttpFields headers, byte[] body) {
        Map<String, String> passed = PassThroughHeaders.of(headers);
        ProviderOutcome outcome = classify(status, Optional.ofNullable(passed.get("retry-after")), body);
        if (outcome instanceof ProviderOutcome.Success success) {
            return new ProviderOutcome.Success(success.response(), passed);
        }
        ProviderOutcome.Failure failure = (ProviderOutcome.Failure) outcome;
        Optional<Duration> retryAfter = parseRetryAfterMs(Optional.ofNullable(passed.get("retry-after-ms")))
                .or(failure::retryAfter);
        return new ProviderOutcome.Failure(
                failure.error().withProviderHeaders(passed), failure.retryable(), retryAfter);
    }

    /**
     * Classifies an HTTP answer.
     *
     * @param status the upstream status code
     * @param retryAfter the raw {@code Retry-After} header, if any
     * @param body the raw response body
     */
    public ProviderOutcome classify(int status, Optional<String> retryAfter, byte[] body) {
        if (status >= 200 && status < 300) {
            return RawJson.ofObject(body, mapper)
                    .<ProviderOutcome>map(ProviderOutcome.Success::new)
                    .orElseGet(() -> new ProviderOutcome.Failure(
                            new JobError(502, "server_error", "invalid_provider_response",
                                    "provider answered " + status + " without a JSON object body", null),
                            false,
                            Optional.empty()));
        }
        if (status < 400 || status > 599) {
            return new ProviderOutcome.Failure(
                    new JobError(502, "server_error", "invalid_provider_response",
                            "provider answered with unexpected status " + status, null),
                    false,
                    Optional.empty());
        }
        return new ProviderOutcome.Failure(errorFrom(status, parse(body)), isRetryable(status),
                parseRetryAfter(retryAfter));
    }

    /**
     * Classifies a call that never produced an HTTP answer. Running out of time, the whole call's or the connect's, is
     * a timeout; a connection that failed or an answer that was not HTTP leaves the provider unreachable.
     */
    public ProviderOutcome classify(Throwable failure, Duration timeout) {
        Throwable cause = unwrap(failure);
        if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException
                || cause instanceof SocketTimeoutException) {
            return timeout(timeout);
        }
        if (cause instanceof IOException || cause instanceof HttpResponseException) {
            return new ProviderOutcome.Failure(
                    new JobError(502, "server_error", "provider_unreachable",
                            "could not reach the provider: " + describe(cause), null),
                    true,
                    Optional.empty());
        }
        return new ProviderOutcome.Failure(
                new JobError(502, "server_error", "provider_call_failed",
                        "the provider call failed: " + describe(cause), null),
                false,
                Optional.empty());
    }

    /** The outcome of a provider that did not answer within {@code timeout}. */
    public ProviderOutcome timeout(Duration timeout) {
        return new ProviderOutcome.Failure(
                new JobError(504, "server_error", "provider_timeout",
                        "the provider did not answer within " + timeout.toMillis() + " ms", null),
                true,
                Optional.empty());
    }

    /** A stream that had opened and then broke off (connection dropped, or closed before a terminal event). */
    public ProviderOutcome.Failure streamInterrupted(String detail) {
        return new ProviderOutcome.Failure(
                new JobError(502, "server_error", "provider_stream_interrupted",
                        "the provider's stream broke off: " + detail, null),
                true,
                Optional.empty());
    }

    /** A stream that had opened and then went quiet for longer than {@code timeout}. */
    public ProviderOutcome.Failure streamStalled(Duration timeout) {
        return new ProviderOutcome.Failure(
                new JobError(504, "server_error", "provider_timeout",
                        "the provider sent nothing for " + timeout.toMillis() + " ms", null),
                true,
                Optional.empty());
    }

    /** A 2xx answer that is not a well-formed Responses event stream. */
    public ProviderOutcome.Failure malformedStream(String detail) {
        return new ProviderOutcome.Failure(
                new JobError(502, "server_error", "invalid_provider_stream",
                        "the provider sent a malformed event stream: " + detail, null),
                false,
                Optional.empty());
    }

    /** True for the statuses worth retrying: 408, 409, 429 and every 5xx. */
    public static boolean isRetryable(int status) {
        return status == 408 || status == 409 || status == 429 || status >= 500;
    }

    private JobError errorFrom(int status, Optional<JsonNode> json) {
        JsonNode error = json.map(node -> node.get("error")).orElse(null);
        String fallbackMessage = "provider answered with status " + status;
        if (error != null && error.isTextual()) {
            return new JobError(status, JobError.defaultType(status), null, error.asText(), null);
        }
        if (error == null || !error.isObject()) {
            return new JobError(status, JobError.defaultType(status), null, fallbackMessage, null);
        }
        return new JobError(
                status,
                text(error, "type").orElse(JobError.defaultType(status)),
                text(error, "code").orElse(null),
                text(error, "message").orElse(fallbackMessage),
                text(error, "param").orElse(null));
    }

    private Optional<JsonNode> parse(byte[] body) {
        if (body == null || body.length == 0) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(mapper.readTree(body));
        } catch (IOException notJson) {
            return Optional.empty();
        }
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.isContainerNode()) {
            return Optional.empty();
        }
        String text = value.asText();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    static Optional<Duration> parseRetryAfter(Optional<String> header) {
        return header.map(String::trim).flatMap(value -> {
            try {
                long seconds = Long.parseLong(value);
                return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
            } catch (NumberFormatException notSeconds) {
                return Optional.empty();
            }
        });
    }

    static Optional<Duration> parseRetryAfterMs(Optional<String> header) {
        return header.map(String::trim).flatMap(value -> {
            try {
                double millis = Double.parseDouble(value);
                return millis < 0 || Double.isNaN(millis) || Double.isInfinite(millis)
                        ? Optional.empty() : Optional.of(Duration.ofMillis((long) Math.ceil(millis)));
            } catch (NumberFormatException notMillis) {
                return Optional.empty();
            }
        });
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    static String describe(Throwable failure) {
        Throwable cause = unwrap(failure);
        String message = cause.getMessage();
        String name = cause.getClass().getSimpleName();
        return message == null || message.isBlank() ? name : name + " (" + message + ")";
    }
}
