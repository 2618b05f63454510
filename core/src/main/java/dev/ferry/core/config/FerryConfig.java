package dev.ferry.core.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * All of Ferry's configuration, read once from the environment by the launcher. Nothing else reads environment
 * variables or system properties. The README's configuration table lists every variable read here.
 *
 * @param dataDir where the embedded broker and the state store keep their files
 */
public record FerryConfig(
        Path dataDir,
        KafkaSettings kafka,
        HttpSettings http,
        WorkerSettings worker,
        StoreSettings store,
        ProviderSettings providers,
        MockProviderSettings mockProvider,
        AuthSettings auth,
        WebhookSettings webhooks,
        MetricsSettings metrics,
        int embeddedKafkaPort,
        BatchSettings batch) {

    public FerryConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(worker, "worker");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(providers, "providers");
        Objects.requireNonNull(mockProvider, "mockProvider");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(webhooks, "webhooks");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(batch, "batch");
    }

    /** Reads every setting, failing with one message that lists all invalid variables. */
    public static FerryConfig fromEnv(Map<String, String> environment) {
        Env env = new Env(environment);
        Path dataDir = Path.of(env.string("FERRY_DATA_DIR", "ferry-data"));
        HttpSettings http = HttpSettings.from(env);
        List<KeysFile.Line> keysFile = KeysFile.read(env);
        AuthSettings auth = AuthSettings.from(env, keysFile);
        FerryConfig config = new FerryConfig(
                dataDir,
                KafkaSettings.from(env, http.maxBodyBytes()),
                http,
                WorkerSettings.from(env),
                StoreSettings.from(env, dataDir),
                ProviderSettings.from(env),
                MockProviderSettings.from(env),
                auth,
                WebhookSettings.from(env, keysFile, auth),
                MetricsSettings.from(env),
                env.integer("FERRY_EMBEDDED_KAFKA_PORT", 9092, 0, 65_535),
                BatchSettings.from(env));
        if (config.store().advertisedHost().isPresent() && http.port() == 0) {
            env.problem("FERRY_ADVERTISED_HOST needs a fixed FERRY_PORT: other instances forward lookups to it");
        }
        env.throwIfInvalid();
        return config;
    }

    public FerryConfig withProviders(ProviderSettings newProviders) {
        return new FerryConfig(dataDir, kafka, http, worker, store, newProviders, mockProvider, auth, webhooks,
                metrics, embeddedKafkaPort, batch);
    }

    public FerryConfig withKafka(KafkaSettings newKafka) {
        return new FerryConfig(dataDir, newKafka, http, worker, store, providers, mockProvider, auth, webhooks,
                metrics, embeddedKafkaPort, batch);
    }
}
