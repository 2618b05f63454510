package dev.ferry.core.config;

import java.util.Objects;

/** A credential. Its {@code toString} never reveals it, so it cannot end up in a log line by accident. */
public record Secret(String value) {

    public Secret {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return "Secret[****]";
    }
}
