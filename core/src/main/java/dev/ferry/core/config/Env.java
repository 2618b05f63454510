package dev.ferry.core.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Typed reads from an environment map. Problems are collected, not thrown one at a time, so that
 * {@link #throwIfInvalid()} reports every missing or malformed variable in one message.
 */
public final class Env {

    private final Map<String, String> values;
    private final List<String> problems = new ArrayList<>();

    public Env(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public Optional<String> optional(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    public String string(String name, String fallback) {
        return optional(name).orElse(fallback);
    }

    public int integer(String name, int fallback, int min, int max) {
        return (int) longValue(name, fallback, min, max);
    }

    public long longValue(String name, long fallback, long min, long max) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(raw.get());
            if (value < min || value > max) {
                problems.add(name + " must be between " + min + " and " + max + ", was " + value);
                return fallback;
            }
            return value;
        } catch (NumberFormatException e) {
            problems.add(name + " must be an integer, was '" + raw.get() + "'");
            return fallback;
        }
    }

    public double fraction(String name, double fallback) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            double value = Double.parseDouble(raw.get());
            if (!(value >= 0.0 && value <= 1.0)) {
                problems.add(name + " must be between 0 and 1, was " + value);
                return fallback;
            }
            return value;
        } catch (NumberFormatException e) {
            problems.add(name + " must be a number between 0 and 1, was '" + raw.get() + "'");
            return fallback;
        }
    }

    public Duration millis(String name, Duration fallback, long minMs, long maxMs) {
        return Duration.ofMillis(longValue(name, fallback.toMillis(), minMs, maxMs));
    }

    public Duration seconds(String name, Duration fallback, long minSeconds, long maxSeconds) {
        return Duration.ofSeconds(longValue(name, fallback.toSeconds(), minSeconds, maxSeconds));
    }

    public Optional<URI> httpUrl(String name) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(raw.get());
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                problems.add(name + " must be an http(s) URL, was '" + raw.get() + "'");
                return Optional.empty();
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            problems.add(name + " must be an http(s) URL, was '" + raw.get() + "'");
            return Optional.empty();
        }
    }

    /** Names of the set variables that start with {@code prefix}, sorted. */
    public List<String> namesStartingWith(String prefix) {
        return values.keySet().stream().filter(name -> name.startsWith(prefix)).sorted().toList();
    }

    public void problem(String message) {
        problems.add(message);
    }

    /** How many problems have been noted so far. */
    public int problemCount() {
        return problems.size();
    }

    public void throwIfInvalid() {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }
}
