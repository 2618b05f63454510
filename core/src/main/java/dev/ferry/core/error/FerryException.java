package dev.ferry.core.error;

import java.time.Duration;
import java.util.Objects;

/**
 * Every failure Ferry reports to a client. Each HTTP module maps these to a status and an OpenAI-style error body in
 * exactly one place; domain code throws them and never builds HTTP responses itself.
 */
public abstract sealed class FerryException extends RuntimeException {

    private final String param;
    private final String code;

    private FerryException(String message, String param, String code) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.param = param;
        this.code = code;
    }

    /** The request field at fault, or null. */
    public String param() {
        return param;
    }

    /** A machine-readable code, or null. */
    public String code() {
        return code;
    }

    /** The request is malformed or a field is invalid: 400. */
    public static final class InvalidRequest extends FerryException {
        public InvalidRequest(String message, String param, String code) {
            super(message, param, code);
        }

        public InvalidRequest(String message, String param) {
            this(message, param, "invalid_value");
        }
    }

    /** The request carries no valid credentials, or conflicting ones: 401. */
    public static final class AuthenticationFailed extends FerryException {
        public AuthenticationFailed(String message) {
            super(message, null, "invalid_api_key");
        }
    }

    /** The caller is a tenant, and the route is for operators only: 403. */
    public static final class PermissionDenied extends FerryException {
        public PermissionDenied(String message) {
            super(message, null, "admin_required");
        }
    }

    /** The caller sent more requests than its rate allows, or has too many jobs waiting: 429 with {@code Retry-After}. */
    public static final class RateLimited extends FerryException {
        private final Duration retryAfter;

        public RateLimited(String message, Duration retryAfter) {
            this(message, retryAfter, "rate_limit_exceeded");
        }

        public RateLimited(String message, Duration retryAfter, String code) {
            super(message, null, code);
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }

    /** No such job for this caller, or its result expired: 404. The message never says which. */
    public static final class JobNotFound extends FerryException {
        public JobNotFound() {
            super("job not found or expired", null, "job_not_found");
        }
    }

    /** No such object (a file, a batch) for this caller: 404. Someone else's answers exactly like an unknown id. */
    public static final class NotFound extends FerryException {
        public NotFound(String message, String param, String code) {
            super(message, param, code);
        }
    }

    /** The request body is larger than the configured limit: 413. */
    public static final class PayloadTooLarge extends FerryException {
        public PayloadTooLarge(long limitBytes) {
            super("request body exceeds the limit of " + limitBytes + " bytes", null, "payload_too_large");
        }
    }

    /** The client sent its request too slowly, or stopped sending it: 408. */
    public static final class RequestTimeout extends FerryException {
        public RequestTimeout(String message) {
            super(message, null, "request_timeout");
        }
    }

    /** The job store cannot answer authoritatively right now (starting, restoring, rebalancing): 503. */
    public static final class StoreUnavailable extends FerryException {
        private final Duration retryAfter;

        public StoreUnavailable(String message, Duration retryAfter) {
            super(message, null, "store_unavailable");
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }

    /** Kafka did not acknowledge the job in time, so it was not accepted: 503. Nothing is lost; the client retries. */
    public static final class QueueUnavailable extends FerryException {
        public QueueUnavailable(String message) {
            super(message, null, "queue_unavailable");
        }
    }
}
