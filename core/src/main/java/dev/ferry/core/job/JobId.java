package dev.ferry.core.job;

import java.util.Objects;
import java.util.UUID;

/**
 * A job id: a random UUID in its canonical lower-case form. Anything else a client sends as a job id is rejected
 * before it reaches a store or a topic.
 */
public record JobId(String value) {


    public JobId {
        Objects.requireNonNull(value, "value");
        if (!isValid(value)) {
            throw new IllegalArgumentException("not a job id: a job id is a lower-case UUID");
        }
    }

    public static JobId random() {
        return new JobId(UUID.randomUUID().toString());
    }

    /**
     * Whether {@code candidate} is {@code xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx} in lower-case hex. Checked by hand: every
     * submit and every poll asks, and a regular expression was a noticeable part of a poll's cost.
     */
    public static boolean isValid(String candidate) {
        if (candidate == null || candidate.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = candidate.charAt(i);
            boolean valid = i == 8 || i == 13 || i == 18 || i == 23
                    ? c == '-'
                    : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
            if (!valid) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return value;
    }
}
