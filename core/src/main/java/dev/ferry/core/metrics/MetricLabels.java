package dev.ferry.core.metrics;

import dev.ferry.core.job.ModelRef;
import java.util.Set;

/**
 * Turns a request's {@code model} into metric labels from a set fixed by configuration, never from client input: the
 * provider is a configured provider's name (or {@code other}), the model is one of {@code FERRY_METRICS_MODELS} (or
 * {@code other}). So no client can make Ferry export a new time series.
 */
public final class MetricLabels {

    public static final String OTHER = "other";
    private static final String DEFAULT_PROVIDER = "openai";

    private final Set<String> providers;
    private final Set<String> models;

    /**
     * @param providers the configured providers' names
     * @param models the {@code provider/model} names that get a label of their own
     */
    public MetricLabels(Set<String> providers, Set<String> models) {
        this.providers = Set.copyOf(providers);
        this.models = Set.copyOf(models);
    }

    /** The labels of {@code model}, a request's {@code provider/model} (or a bare model, routed to OpenAI). */
    public Labels of(String model) {
        if (model == null || model.isBlank()) {
            return new Labels(OTHER, OTHER);
        }
        ModelRef ref = ModelRef.parse(model, DEFAULT_PROVIDER);
        String provider = providers.contains(ref.provider()) ? ref.provider() : OTHER;
        String full = ref.provider() + "/" + ref.model();
        return new Labels(provider, provider.equals(OTHER) || !models.contains(full) ? OTHER : full);
    }

    /** The label of an HTTP status: {@code 4xx}, {@code 5xx} or {@code other}. */
    public static String statusClass(int httpStatus) {
        if (httpStatus >= 400 && httpStatus < 500) {
            return "4xx";
        }
        return httpStatus >= 500 && httpStatus < 600 ? "5xx" : OTHER;
    }

    /** A pair of bounded label values. */
    public record Labels(String provider, String model) {
    }
}
