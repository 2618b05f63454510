package dev.ferry.core.job;

import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A job id: a random UUID in its canonical lower-case form. Anything else a client sends as a job id is rejected
 * before it reaches a store or a topic.
 */
public record JobId(String value) {

    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    public JobId {
        Objects.requireNonNull(value, "value");
        if (!isValid(value)) {
            throw new IllegalArgumentException("not a job id: a job id is a lower-case UUID");
        }
    }

    public static JobId random() {
        return new JobId(UUID.randomUUID().toString());
    }

    public static boolean isValid(String candidate) {
        return candidate != null && candidate.length() == 36 && CANONICAL_UUID.matcher(candidate).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
