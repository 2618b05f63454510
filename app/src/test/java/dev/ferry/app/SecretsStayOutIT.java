package dev.ferry.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.testsupport.FreePorts;
import dev.ferry.testsupport.Http;
import dev.ferry.testsupport.HttpResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ferry started as users start it, with client keys and a provider API key configured, then used and misused: right
 * and wrong keys, sync and async calls through the keyed provider, a provider that refuses. Afterwards no secret may
 * appear anywhere in Ferry's output or in any record (key, value or header) of any topic of its broker.
 */
class SecretsStayOutIT {

    private static final String CLIENT_SECRET = "sk-bf-client-secret-7f3a9c2e";
    private static final String WRONG_SECRET = "sk-bf-wrong-secret-5d1b8e4a";
    private static final String PROVIDER_SECRET = "upstream-api-key-2c6e9a1f";
    private static final String CLUSTER_TOKEN = "cluster-token-8b4d2f7e";

    @Test
    void shouldWriteNoSecretToTheLogOrToAnyTopic(@TempDir Path dataDir) throws Exception {
        int kafkaPort = FreePorts.pick();
        int mockPort = FreePorts.pick();
        Map<String, String> env = new HashMap<>();
        env.put("FERRY_DATA_DIR", dataDir.toString());
        env.put("FERRY_PORT", "0");
        env.put("FERRY_MOCK_PORT", Integer.toString(mockPort));
        env.put("FERRY_MOCK_LATENCY_MS", "5");
        env.put("FERRY_EMBEDDED_KAFKA_PORT", Integer.toString(kafkaPort));
        env.put("FERRY_VIRTUAL_KEYS", "team-a=" + CLIENT_SECRET);
        env.put("FERRY_CLUSTER_TOKEN", CLUSTER_TOKEN);
        env.put("FERRY_PROVIDER_KEYED_BASE_URL", "http://127.0.0.1:" + mockPort + "/v1");
        env.put("FERRY_PROVIDER_KEYED_API_KEY", PROVIDER_SECRET);
        try (FerryProcess ferry = FerryProcess.start(env)) {
            await().atMost(Duration.ofSeconds(90)).until(() -> ferry.baseUrl().isPresent() || !ferry.isAlive());
            String base = ferry.baseUrl().orElseThrow(() -> new AssertionError(String.join("\n", ferry.output())));
            useAndMisuse(base);

            List<String> leaks = ferry.output().stream().filter(SecretsStayOutIT::containsASecret).toList();
            assertEquals(List.of(), leaks, "log lines with a secret");
            assertEquals(List.of(), recordsWithASecret("127.0.0.1:" + kafkaPort), "records with a secret");
        }
    }

    private static void useAndMisuse(String base) {
        Map<String, String> client = Map.of("Authorization", "Bearer " + CLIENT_SECRET);
        String responses = base + "/openai/v1/responses";
        assertEquals(200, Http.post(responses, "{\"model\":\"keyed/echo\",\"input\":\"sync\"}", client).status());
        Map<String, String> async = new HashMap<>(client);
        async.put("x-bf-async", "true");
        List<String> jobs = new ArrayList<>();
        for (String model : List.of("keyed/echo", "keyed/fail-401", "mock/echo")) {
            HttpResult submit = Http.post(responses, "{\"model\":\"" + model + "\",\"input\":\"async\"}", async);
            assertEquals(200, submit.status(), submit.body());
            jobs.add(submit.header("x-bf-async-id"));
        }
        for (String jobId : jobs) {
            Map<String, String> poll = new HashMap<>(client);
            poll.put("x-bf-async-id", jobId);
            await().atMost(Duration.ofSeconds(30)).until(() -> !RunningFerry.json(Http.post(responses, "", poll))
                    .path("status").asText().equals("queued"));
        }
        assertEquals(401, Http.post(responses, "{\"model\":\"mock/echo\",\"input\":\"x\"}",
                Map.of("Authorization", "Bearer " + WRONG_SECRET)).status());
        assertEquals(401, Http.post(responses, "{\"model\":\"mock/echo\",\"input\":\"x\"}",
                Map.of("x-bf-vk", CLIENT_SECRET, "x-api-key", WRONG_SECRET)).status());
        assertEquals(401, Http.get(base + "/internal/v1/jobs/" + jobs.get(0) + "?owner=team-a",
                Map.of("x-ferry-cluster-token", WRONG_SECRET)).status());
    }

    private static boolean containsASecret(String text) {
        return text.contains(CLIENT_SECRET) || text.contains(WRONG_SECRET) || text.contains(PROVIDER_SECRET)
                || text.contains(CLUSTER_TOKEN);
    }

    /** Reads every record of every topic on the broker, internal ones included, to its end. */
    private static List<String> recordsWithASecret(String bootstrapServers) throws Exception {
        Set<String> topics;
        Map<TopicPartition, Long> ends;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            topics = admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true))
                    .names().get();
        }
        List<String> leaks = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = topics.stream()
                    .flatMap(topic -> consumer.partitionsFor(topic).stream()
                            .map(info -> new TopicPartition(topic, info.partition())))
                    .collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    StringBuilder text = new StringBuilder()
                            .append(utf8(record.key())).append(' ').append(utf8(record.value()));
                    for (Header header : record.headers()) {
                        text.append(' ').append(header.key()).append('=').append(utf8(header.value()));
                    }
                    if (containsASecret(text.toString())) {
                        leaks.add(record.topic() + "-" + record.partition() + "@" + record.offset());
                    }
                }
            }
            assertTrue(partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p)),
                    "every topic was read to its end");
        }
        return leaks;
    }

    private static String utf8(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }
}
