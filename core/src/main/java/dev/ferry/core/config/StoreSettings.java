package dev.ferry.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The job state store (Kafka Streams over RocksDB).
 *
 * @param stateDir where RocksDB keeps its files; the changelog topic is the source of truth
 * @param expirySweepInterval how often expired results are deleted (reads never serve them in between)
 * @param readYourWritesTimeout how long a lookup miss waits for the store to catch up with the jobs topic
 * @param standbyReplicas warm copies of each store partition kept on other instances
 * @param advertisedHost how other instances reach this one's HTTP port; with it set, lookups of jobs whose store
 *     partition lives elsewhere are forwarded there
 * @param clusterToken shared by all instances; authenticates forwarded lookups (required when credentials are on)
 * @param directReads whether lookups take the store's fast path, reading active partitions through the store handles
 *     the folding processor registered and keeping Kafka Streams' placement of each partition ({@code true}), or use
 *     Kafka Streams' interactive queries and ask it where each job is on every lookup ({@code false}; the benchmark's
 *     A/B)
 */
public record StoreSettings(
        String applicationId,
        Path stateDir,
        Duration expirySweepInterval,
        Duration readYourWritesTimeout,
        int standbyReplicas,
        Optional<String> advertisedHost,
        Optional<Secret> clusterToken,
        boolean directReads) {

    public StoreSettings {
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(expirySweepInterval, "expirySweepInterval");
        Objects.requireNonNull(readYourWritesTimeout, "readYourWritesTimeout");
        Objects.requireNonNull(advertisedHost, "advertisedHost");
        Objects.requireNonNull(clusterToken, "clusterToken");
    }

    static StoreSettings from(Env env, Path dataDir) {
        return new StoreSettings(
                env.string("FERRY_STORE_APPLICATION_ID", "ferry-job-state"),
                Path.of(env.string("FERRY_STATE_DIR", dataDir.resolve("state").toString())),
                env.millis("FERRY_EXPIRY_SWEEP_INTERVAL_MS", Duration.ofSeconds(1), 10, 3_600_000),
                env.millis("FERRY_READ_YOUR_WRITES_TIMEOUT_MS", Duration.ofSeconds(5), 0, 60_000),
                env.integer("FERRY_STANDBY_REPLICAS", 0, 0, 10),
                env.optional("FERRY_ADVERTISED_HOST"),
                env.optional("FERRY_CLUSTER_TOKEN").map(Secret::new),
                directReads(env));
    }

    private static boolean directReads(Env env) {
        String direct = env.string("FERRY_STORE_DIRECT_READS", "true");
        if (!direct.equals("true") && !direct.equals("false")) {
            env.problem("FERRY_STORE_DIRECT_READS must be true or false, was '" + direct + "'");
        }
        return !direct.equals("false");
    }
}
