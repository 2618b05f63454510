package dev.ferry.core.batch;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * Why a batch failed validation, as OpenAI reports it in {@code errors.data[]}.
 *
 * @param line the 1-based line of the input file at fault, or null when the whole file is
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record BatchLineError(String code, String message, String param, Integer line) {

    public BatchLineError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }
}
