package dev.ferry.bench.system;

import dev.ferry.app.FerryNode;
import dev.ferry.app.Role;
import dev.ferry.core.config.FerryConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts Ferry nodes for the scenarios on the shared broker, each with its own topics, groups and state directory,
 * configured only through the environment map a user would set.
 */
public final class FerryNodes {

    /** Partitions of each node's {@code jobs} and {@code job-events} topics, Ferry's default. */
    public static final int PARTITIONS = 6;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final String bootstrapServers;
    private final Path dataDir;
    private final AtomicInteger counter = new AtomicInteger();

    public FerryNodes(String bootstrapServers, Path dataDir) {
        this.bootstrapServers = bootstrapServers;
        this.dataDir = dataDir;
    }

    /**
     * The environment of a new node named {@code name}: fresh topics and groups, the given mock provider, and any
     * other {@code FERRY_*} variable the bench itself was started with (to try a setting, e.g.
     * {@code FERRY_WORKER_MAX_IN_FLIGHT=2000 ./bench.sh}).
     */
    public Map<String, String> environment(String name, URI mockProviderUrl) throws IOException {
        String unique = name + "-" + counter.incrementAndGet();
        Path nodeDir = Files.createDirectories(dataDir.resolve(unique));
        Map<String, String> env = new HashMap<>();
        System.getenv().forEach((key, value) -> {
            if (key.startsWith("FERRY_") && !key.startsWith("FERRY_BENCH_")) {
                env.put(key, value);
            }
        });
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        env.put("FERRY_JOBS_TOPIC", "bench-jobs-" + unique);
        env.put("FERRY_JOB_EVENTS_TOPIC", "bench-job-events-" + unique);
        env.put("FERRY_JOB_CONTROL_TOPIC", "bench-job-control-" + unique);
        env.put("FERRY_DEAD_LETTER_TOPIC", "bench-jobs-dlq-" + unique);
        env.put("FERRY_FILES_TOPIC", "bench-files-" + unique);
        env.put("FERRY_BATCHES_TOPIC", "bench-batches-" + unique);
        env.put("FERRY_BATCH_JOBS_TOPIC", "bench-jobs-batch-" + unique);
        env.put("FERRY_BATCH_EVENTS_TOPIC", "bench-batch-events-" + unique);
        env.put("FERRY_BATCH_EXPANDER_GROUP_ID", "bench-batch-expander-" + unique);
        env.put("FERRY_TOPIC_PARTITIONS", Integer.toString(PARTITIONS));
        env.put("FERRY_STORE_APPLICATION_ID", "bench-store-" + unique);
        env.put("FERRY_WORKER_GROUP_ID", "bench-workers-" + unique);
        env.put("FERRY_DATA_DIR", nodeDir.toString());
        env.put("FERRY_STATE_DIR", nodeDir.resolve("state").toString());
        env.put("FERRY_PORT", "0");
        env.put("FERRY_MANAGEMENT_PORT", "0");
        env.put("FERRY_MOCK_PROVIDER_URL", mockProviderUrl.toString());
        return env;
    }

    /**
     * Starts a node in this JVM and waits until its job store answers. A failed start is tried once more: on KRaft,
     * describing a topic right after creating it can fail while the broker's metadata catches up.
     */
    public FerryNode start(Map<String, String> environment, Set<Role> roles) throws Exception {
        FerryConfig config = FerryConfig.fromEnv(environment);
        FerryNode node;
        try {
            node = FerryNode.start(config, roles, Clock.systemUTC());
        } catch (IllegalStateException e) {
            System.err.println("bench: a Ferry node did not start (" + e.getMessage() + "); trying once more");
            Thread.sleep(1000);
            node = FerryNode.start(config, roles, Clock.systemUTC());
        }
        if (!node.awaitReady(READY_TIMEOUT)) {
            node.close();
            throw new IllegalStateException("a Ferry node's job store did not start within " + READY_TIMEOUT);
        }
        return node;
    }
}
