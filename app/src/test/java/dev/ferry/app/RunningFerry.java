package dev.ferry.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.core.config.FerryConfig;
import dev.ferry.core.serde.Json;
import dev.ferry.embeddedkafka.KafkaBroker;
import dev.ferry.ingress.tokens.TokenCountingPool;
import dev.ferry.testsupport.EventContract;
import dev.ferry.testsupport.Http;
import dev.ferry.testsupport.HttpResult;
import dev.ferry.testsupport.UniqueNames;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A Ferry node for tests: all roles, on the shared broker, with its own topics, groups and state directory, and
 * calling a mock provider over real HTTP. Tests talk to it only through HTTP and Kafka, as users do.
 */
final class RunningFerry implements AutoCloseable {

    static final ObjectMapper JSON = Json.newMapper();
    private static final EventContract CONTRACT = EventContract.load();

    private final FerryNode node;
    private final Map<String, String> environment;

    private RunningFerry(FerryNode node, Map<String, String> environment) {
        this.node = node;
        this.environment = environment;
    }

    /** Environment for a fresh node: unique topics and groups, a state dir, the given mock provider. */
    static Map<String, String> environment(KafkaBroker kafka, URI mockProviderUrl, Path stateDir) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("FERRY_JOBS_TOPIC", UniqueNames.topic("jobs"));
        env.put("FERRY_JOB_EVENTS_TOPIC", UniqueNames.topic("job-events"));
        env.put("FERRY_JOB_CONTROL_TOPIC", UniqueNames.topic("job-control"));
        env.put("FERRY_DEAD_LETTER_TOPIC", UniqueNames.topic("jobs-dlq"));
        env.put("FERRY_FILES_TOPIC", UniqueNames.topic("files"));
        env.put("FERRY_BATCHES_TOPIC", UniqueNames.topic("batches"));
        env.put("FERRY_BATCH_JOBS_TOPIC", UniqueNames.topic("jobs-batch"));
        env.put("FERRY_BATCH_EVENTS_TOPIC", UniqueNames.topic("batch-events"));
        env.put("FERRY_BATCH_EXPANDER_GROUP_ID", UniqueNames.group("ferry-batch-expander"));
        env.put("FERRY_TOPIC_PARTITIONS", "3");
        env.put("FERRY_STORE_APPLICATION_ID", UniqueNames.group("ferry-store"));
        env.put("FERRY_WORKER_GROUP_ID", UniqueNames.group("ferry-workers"));
        env.put("FERRY_STATE_DIR", stateDir.toString());
        env.put("FERRY_PORT", "0");
        env.put("FERRY_MANAGEMENT_PORT", "0");
        env.put("FERRY_MOCK_PROVIDER_URL", mockProviderUrl.toString());
        env.put("FERRY_EXPIRY_SWEEP_INTERVAL_MS", "200");
        env.put("FERRY_RESULT_TTL_MAX_SECONDS", "86400");
        return env;
    }

    static RunningFerry start(Map<String, String> environment) throws Exception {
        return start(environment, EnumSet.allOf(Role.class));
    }

    static RunningFerry start(Map<String, String> environment, Set<Role> roles) throws Exception {
        return start(environment, roles, Clock.systemUTC());
    }

    /** A node whose roles read time from {@code clock}, e.g. one set ahead to find jobs past their deadline. */
    static RunningFerry start(Map<String, String> environment, Set<Role> roles, Clock clock) throws Exception {
        FerryNode node = FerryNode.start(FerryConfig.fromEnv(environment), roles, clock);
        if (!node.awaitReady(Duration.ofSeconds(60))) {
            node.close();
            throw new IllegalStateException("the job store did not start within 60 s");
        }
        return new RunningFerry(node, environment);
    }

    /** Stops answering HTTP while everything else (the job store's partitions above all) keeps running. */
    void stopAnsweringHttp() {
        node.closeHttpListener();
    }

    Map<String, String> environment() {
        return environment;
    }

    String url(String path) {
        return "http://127.0.0.1:" + node.httpPort().orElseThrow() + path;
    }

    /** A URL on the management listener of a node without ingress. */
    String managementUrl(String path) {
        return "http://127.0.0.1:" + node.managementPort().orElseThrow() + path;
    }

    /** Every HTTP route the node registered, as {@code METHOD path}. */
    List<String> routes() {
        return node.httpRoutes();
    }

    /** What the node's token-counting pool did so far. */
    TokenCountingPool.Stats tokenCounting() {
        return node.tokenCounting().orElseThrow();
    }

    HttpResult submit(String body, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("x-bf-async", "true");
        return Http.post(url("/openai/v1/responses"), body, all);
    }

    HttpResult poll(String jobId) {
        return Http.post(url("/openai/v1/responses"), "", Map.of("x-bf-async-id", jobId));
    }

    static JsonNode json(HttpResult result) {
        try {
            return JSON.readTree(result.body());
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops the node, then holds every event it wrote to the public topics against the published schemas: whatever a
     * test made Ferry do, its events must be what the contract says.
     */
    @Override
    public void close() {
        node.close();
        String bootstrap = environment.get("KAFKA_BOOTSTRAP_SERVERS");
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (String topic : List.of(environment.get("FERRY_JOB_EVENTS_TOPIC"), environment.get("FERRY_BATCH_EVENTS_TOPIC"))) {
            for (ConsumerRecord<String, byte[]> record : EventContract.readTopic(bootstrap, topic)) {
                checked++;
                CONTRACT.violations(record).forEach(problem -> problems.add(
                        topic + "@" + record.partition() + ":" + record.offset() + " " + problem));
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(problems.size() + " violations of the published event schemas in " + checked
                    + " events, e.g. " + problems.subList(0, Math.min(5, problems.size())));
        }
    }
}
