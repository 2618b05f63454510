package dev.ferry.core.config;

import java.util.List;

/** The configuration is unusable; the message lists every problem found, one per line. */
public final class ConfigException extends RuntimeException {

    public ConfigException(List<String> problems) {
        super("Invalid configuration:\n  - " + String.join("\n  - ", problems));
    }
}
