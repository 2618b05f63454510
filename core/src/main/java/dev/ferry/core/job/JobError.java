package dev.ferry.core.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * Why a job failed, in OpenAI's error vocabulary, together with the HTTP status the failure is reported with.
 *
 * @param httpStatus the provider's status, or the gateway's own (502, 504) when the provider never answered
 * @param type OpenAI error type, e.g. {@code rate_limit_error}
 * @param code machine-readable code, may be null
 * @param message human-readable message
 * @param param the request field at fault, may be null
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record JobError(int httpStatus, String type, String code, String message, String param) {

    public JobError {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(message, "message");
        if (httpStatus < 400 || httpStatus > 599) {
            throw new IllegalArgumentException("an error status is 4xx or 5xx, not " + httpStatus);
        }
    }
}
