package dev.ferry.core.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Why a job failed, in OpenAI's error vocabulary, together with the HTTP status the failure is reported with.
 *
 * @param httpStatus the provider's status, or the gateway's own (502, 504) when the provider never answered
 * @param type OpenAI error type, e.g. {@code rate_limit_error}
 * @param code machine-readable code, may be null
 * @param message human-readable message
 * @param param the request field at fault, may be null
 * @param providerHeaders the provider's response headers that clients time retries by or quote in support requests
 *     ({@code retry-after}, {@code retry-after-ms}, {@code x-ratelimit-*}, {@code x-request-id}), lower-case names;
 *     empty when the provider never answered. Written only when not empty, so older readers are unaffected.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record JobError(
        int httpStatus,
        String type,
        String code,
        String message,
        String param,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> providerHeaders) {

    public JobError {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(message, "message");
        if (httpStatus < 400 || httpStatus > 599) {
            throw new IllegalArgumentException("an error status is 4xx or 5xx, not " + httpStatus);
        }
        providerHeaders = providerHeaders == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(providerHeaders));
    }

    /** An error of Ferry's own, or of a provider that sent no headers worth passing on. */
    public JobError(int httpStatus, String type, String code, String message, String param) {
        this(httpStatus, type, code, message, param, Map.of());
    }

    /** The same error carrying the provider's headers. */
    public JobError withProviderHeaders(Map<String, String> headers) {
        return new JobError(httpStatus, type, code, message, param, headers);
    }

    /** The OpenAI error type a status stands for when the body does not name one. */
    public static String defaultType(int status) {
        switch (status) {
            case 400: return "invalid_request_error";
            case 401: return "authentication_error";
            case 403: return "permission_error";
            case 404: return "not_found_error";
            case 429: return "rate_limit_error";
            default: return status >= 500 ? "server_error" : "invalid_request_error";
        }
    }
}
