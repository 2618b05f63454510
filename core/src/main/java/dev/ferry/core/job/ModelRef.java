package dev.ferry.core.job;

import java.util.Objects;

/**
 * A model addressed as {@code provider/model}: the provider is everything before the first slash, the model name
 * everything after it (so {@code openai/ft:gpt-4o:org/x} keeps its own slashes).
 */
public record ModelRef(String provider, String model) {

    public ModelRef {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        if (provider.isBlank() || model.isBlank()) {
            throw new IllegalArgumentException("provider and model must not be blank");
        }
    }

    /** Parses {@code provider/model}; a model without a provider prefix is routed to {@code defaultProvider}. */
    public static ModelRef parse(String value, String defaultProvider) {
        Objects.requireNonNull(value, "value");
        int slash = value.indexOf('/');
        if (slash < 0) {
            return new ModelRef(defaultProvider, value);
        }
        return new ModelRef(value.substring(0, slash), value.substring(slash + 1));
    }

    @Override
    public String toString() {
        return provider + "/" + model;
    }
}
