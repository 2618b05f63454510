package dev.ferry.core.config;

import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Operations: Prometheus metrics and the management listener of roles that serve no other HTTP.
 *
 * @param enabled whether Ferry records metrics at all ({@code false} records into a no-op registry and
 *     {@code /metrics} answers 404; for the benchmark's A/B pair)
 * @param models the {@code provider/model} values that get a {@code model} label of their own; every other model is
 *     {@code other}, so that no client can grow the label set
 * @param managementHost where the management listener binds (worker-only and webhooks-only processes)
 * @param managementPort its port (0 = any free port)
 */
public record MetricsSettings(boolean enabled, Set<String> models, String managementHost, int managementPort) {

    public static final MetricsSettings DEFAULT = new MetricsSettings(true, Set.of(), "127.0.0.1", 9464);
    private static final int MAX_MODELS = 200;

    public MetricsSettings {
        models = Set.copyOf(models);
        Objects.requireNonNull(managementHost, "managementHost");
    }

    static MetricsSettings from(Env env) {
        String enabled = env.string("FERRY_METRICS_ENABLED", "true");
        if (!enabled.equals("true") && !enabled.equals("false")) {
            env.problem("FERRY_METRICS_ENABLED must be true or false, was '" + enabled + "'");
        }
        Set<String> models = new LinkedHashSet<>();
        env.optional("FERRY_METRICS_MODELS").ifPresent(list -> {
            for (String model : list.split(",")) {
                String trimmed = model.trim();
                if (!trimmed.matches("[A-Za-z0-9._:-]+/[A-Za-z0-9._:/-]+")) {
                    env.problem("FERRY_METRICS_MODELS holds provider/model names, was '" + trimmed + "'");
                } else {
                    models.add(trimmed);
                }
            }
        });
        if (models.size() > MAX_MODELS) {
            env.problem("FERRY_METRICS_MODELS names at most " + MAX_MODELS + " models");
        }
        return new MetricsSettings(!enabled.equals("false"), models,
                env.string("FERRY_MANAGEMENT_HOST", "127.0.0.1"),
                env.integer("FERRY_MANAGEMENT_PORT", 9464, 0, 65_535));
    }
}
