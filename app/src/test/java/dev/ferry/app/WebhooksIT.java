package dev.ferry.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.config.MockProviderSettings;
import dev.ferry.core.serde.Json;
import dev.ferry.embeddedkafka.KafkaBroker;
import dev.ferry.mockprovider.MockProviderServer;
import dev.ferry.testsupport.EventContract;
import dev.ferry.testsupport.Http;
import dev.ferry.testsupport.HttpResult;
import dev.ferry.testsupport.KafkaBrokerExtension;
import dev.ferry.testsupport.UniqueNames;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed webhooks end to end: jobs submitted over HTTP end on the worker, the webhooks role delivers their events to
 * a receiver built on the official {@code openai} npm package, whose {@code webhooks.unwrap} verifies every one.
 * Endpoints: {@code orders} (team-a, every type, the receiver's secret), {@code flaky} (team-a, response.failed,
 * fails the first two attempts with 503 and {@code Retry-After: 1}) and {@code wrong} (team-a, response.cancelled,
 * signed with another secret than the receiver checks, so it never succeeds and is given up after 6 s).
 */
@ExtendWith(KafkaBrokerExtension.class)
class WebhooksIT {

    private static final String TEAM_A_KEY = "team-a-key-0123456789";
    private static final String TEAM_B_KEY = "team-b-key-0123456789";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final String SECRET = newSecret();
    private static final String OTHER_SECRET = newSecret();

    private static MockProviderServer mock;
    private static NodeWebhookReceiver receiver;
    private static RunningFerry ferry;
    private static Map<String, String> env;

    private static String newSecret() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    @BeforeAll
    static void start(KafkaBroker broker, @TempDir Path stateDir) throws Exception {
        mock = new MockProviderServer(new MockProviderSettings("127.0.0.1", 0, Duration.ofMillis(20), 0.0),
                Json.newMapper(), new Random(11)).start();
        receiver = NodeWebhookReceiver.start(SECRET);
        receiver.failFirst("flaky", 2, 503, "1");
        env = RunningFerry.environment(broker, mock.baseUrl(), stateDir);
        env.put("FERRY_API_KEYS", "team-a=" + TEAM_A_KEY + ",team-b=" + TEAM_B_KEY);
        env.put("FERRY_WORKER_STARTED_EVENT_DELAY_MS", "0"); // every job's start is on job-events, checked below
        endpoint("ORDERS", "orders", SECRET, null);
        endpoint("FLAKY", "flaky", SECRET, "response.failed");
        endpoint("WRONG", "wrong", OTHER_SECRET, "response.cancelled");
        env.put("FERRY_WEBHOOK_RETRY_TOPIC_PREFIX", UniqueNames.topic("webhook-retry"));
        env.put("FERRY_WEBHOOK_DEAD_LETTER_TOPIC", UniqueNames.topic("webhooks-dlq"));
        env.put("FERRY_WEBHOOKS_GROUP_ID", UniqueNames.group("ferry-webhooks"));
        env.put("FERRY_WEBHOOK_RETRY_BASE_DELAY_MS", "200");
        env.put("FERRY_WEBHOOK_RETRY_MAX_DELAY_MS", "1000");
        env.put("FERRY_WEBHOOK_GIVE_UP_AFTER_SECONDS", "6");
        ferry = RunningFerry.start(env);
    }

    private static void endpoint(String id, String name, String secret, String events) {
        env.put("FERRY_WEBHOOK_ENDPOINT_" + id + "_URL", receiver.url(name));
        env.put("FERRY_WEBHOOK_ENDPOINT_" + id + "_OWNER", "team-a");
        env.put("FERRY_WEBHOOK_ENDPOINT_" + id + "_SECRET", secret);
        if (events != null) {
            env.put("FERRY_WEBHOOK_ENDPOINT_" + id + "_EVENTS", events);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (ferry != null) {
                ferry.close();
            }
        } finally {
            if (receiver != null) {
                receiver.close();
            }
            if (mock != null) {
                mock.close();
            }
        }
    }

    private static Map<String, String> as(String key) {
        return Map.of("Authorization", "Bearer " + key);
    }

    private static String submit(String key, String body) {
        HttpResult submit = ferry.submit(body, as(key));
        assertEquals(200, submit.status(), submit.body());
        return submit.header("x-bf-async-id");
    }

    private static List<JsonNode> awaitDeliveries(String endpoint, String dataId, int count) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> receiver.deliveries(endpoint, dataId).size() >= count);
        return receiver.deliveries(endpoint, dataId);
    }

    @Test
    void shouldDeliverACompletedJobAsAResponseCompletedEventThatTheOpenAiSdkVerifies() {
        String jobId = submit(TEAM_A_KEY, "{\"model\":\"mock/echo\",\"input\":\"hi\",\"metadata\":{\"order\":\"42\"}}");

        JsonNode delivery = awaitDeliveries("orders", jobId, 1).get(0);

        assertTrue(delivery.path("verified").asBoolean(), delivery.toString());
        assertEquals("response.completed", delivery.path("type").asText());
        assertEquals("event", delivery.path("object").asText());
        assertTrue(delivery.path("id").asText().startsWith("evt_"), delivery.toString());
        assertTrue(delivery.path("webhook_id").asText().startsWith("wh_"), delivery.toString());
        assertEquals(200, delivery.path("answered").asInt());
    }

    @Test
    void shouldPublishTheOwnerAndMetadataOfTheJobOnJobEvents() {
        String jobId = submit(TEAM_A_KEY, "{\"model\":\"mock/echo\",\"input\":\"hi\",\"metadata\":{\"order\":\"43\"}}");
        awaitDeliveries("orders", jobId, 1);

        List<JsonNode> events = EventsTopic.read(ferry, jobId);

        assertEquals(List.of("started", "completed"), events.stream().map(e -> e.path("type").asText()).toList());
        for (JsonNode event : events) {
            assertEquals("team-a", event.path("owner").asText());
            assertEquals("43", event.path("metadata").path("order").asText());
        }
        assertEquals("completed", events.get(1).path("status").asText());
    }

    @Test
    void shouldRetryWithTheSameWebhookIdHonouringRetryAfterUntilTheEndpointAcceptsIt() {
        String jobId = submit(TEAM_A_KEY, "{\"model\":\"mock/fail-400\",\"input\":\"x\"}");

        List<JsonNode> attempts = awaitDeliveries("flaky", jobId, 3);

        assertEquals(List.of(503, 503, 200), attempts.stream().map(a -> a.path("answered").asInt()).toList());
        assertEquals(1, attempts.stream().map(a -> a.path("webhook_id").asText()).distinct().count());
        assertTrue(attempts.stream().allMatch(a -> a.path("verified").asBoolean()), attempts.toString());
        assertEquals("response.failed", attempts.get(0).path("type").asText());
        for (int i = 1; i < attempts.size(); i++) {
            long gap = attempts.get(i).path("at_ms").asLong() - attempts.get(i - 1).path("at_ms").asLong();
            assertTrue(gap >= 950, "attempt " + (i + 1) + " came " + gap + " ms after the one before, despite Retry-After: 1");
        }
    }

    @Test
    void shouldHaveEveryDeliveryRejectedByTheSdkWhenChangedReplayedLateOrCheckedWithAnotherSecret() {
        String jobId = submit(TEAM_A_KEY, "{\"model\":\"mock/echo\",\"input\":\"probe\"}");
        awaitDeliveries("orders", jobId, 1);

        JsonNode probes = receiver.probes();

        assertTrue(probes.path("original").asBoolean(), probes.toString());
        assertTrue(probes.path("changedBody").asBoolean(), "a changed body was accepted: " + probes);
        assertTrue(probes.path("wrongSecret").asBoolean(), "another secret was accepted: " + probes);
        assertTrue(probes.path("staleTimestamp").asBoolean(), "a 6-minute-old delivery was accepted: " + probes);
    }

    @Test
    void shouldDeliverACancelledJobAndDeadLetterTheDeliveryTheEndpointNeverAccepts() {
        HttpResult created = Http.post(ferry.url("/openai/v1/responses"),
                "{\"model\":\"mock/sleep-20000\",\"input\":\"slow\",\"background\":true}", as(TEAM_A_KEY));
        String jobId = RunningFerry.json(created).path("id").asText();
        await().atMost(WAIT).until(() -> Http.post(ferry.url("/openai/v1/responses/" + jobId + "/cancel"), "",
                as(TEAM_A_KEY)).status() == 200);

        assertEquals("response.cancelled", awaitDeliveries("orders", jobId, 1).get(0).path("type").asText());
        List<JsonNode> refused = awaitDeliveries("wrong", jobId, 2);
        assertTrue(refused.stream().noneMatch(d -> d.path("verified").asBoolean()));
        assertTrue(refused.get(0).path("error").asText().startsWith("InvalidWebhookSignatureError"), refused.toString());

        String bootstrap = env.get("KAFKA_BOOTSTRAP_SERVERS");
        String dlq = env.get("FERRY_WEBHOOK_DEAD_LETTER_TOPIC");
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> EventContract.readTopic(bootstrap, dlq)
                .stream().anyMatch(r -> new String(r.value(), StandardCharsets.UTF_8).contains(jobId)
                        || deadLetterOf(r, refused.get(0).path("webhook_id").asText())));
        ConsumerRecord<String, byte[]> letter = EventContract.readTopic(bootstrap, dlq).stream()
                .filter(r -> deadLetterOf(r, refused.get(0).path("webhook_id").asText())).findFirst().orElseThrow();
        JsonNode json = RunningFerry.json(new HttpResult(200, Map.of(), new String(letter.value(), StandardCharsets.UTF_8)));
        assertEquals("wrong", json.path("delivery").path("endpoint_id").asText());
        assertTrue(json.path("delivery").path("attempts").size() >= 2, json.toString());
        assertEquals(400, json.path("delivery").path("attempts").get(0).path("http_status").asInt());
        String text = new String(letter.value(), StandardCharsets.UTF_8);
        assertFalse(text.contains(OTHER_SECRET.substring(6)) || text.contains(SECRET.substring(6)),
                "a webhook secret was written to Kafka");
    }

    private static boolean deadLetterOf(ConsumerRecord<String, byte[]> record, String webhookId) {
        return webhookId.equals(record.key());
    }

    @Test
    void shouldNotTellOneOwnersEndpointsAboutAnotherOwnersJobs() throws Exception {
        String theirs = submit(TEAM_B_KEY, "{\"model\":\"mock/echo\",\"input\":\"not yours\"}");
        await().atMost(WAIT).until(() -> RunningFerry.json(Http.post(ferry.url("/openai/v1/responses"), "",
                Map.of("x-bf-async-id", theirs, "Authorization", "Bearer " + TEAM_B_KEY))).path("status").asText()
                .equals("completed"));

        awaitWebhooksCaughtUpWithJobEvents();

        assertEquals(List.of(), receiver.deliveries().stream()
                .filter(d -> d.path("data_id").asText().equals(theirs)).toList());
    }

    /** Every event on job-events so far has been settled by the webhooks group (its commits reached the end). */
    private static void awaitWebhooksCaughtUpWithJobEvents() throws Exception {
        awaitCommittedToTheEnd(env.get("FERRY_JOB_EVENTS_TOPIC"));
    }

    /** Every record on {@code topic} so far has been settled by the webhooks group (its commits reached the end). */
    private static void awaitCommittedToTheEnd(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                env.get("KAFKA_BOOTSTRAP_SERVERS")))) {
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, Long> ends = new java.util.HashMap<>();
            admin.listOffsets(latest).all().get().forEach((p, info) -> ends.put(p, info.offset()));
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(
                        env.get("FERRY_WEBHOOKS_GROUP_ID")).partitionsToOffsetAndMetadata().get();
                return ends.entrySet().stream().allMatch(end -> end.getValue() == 0 || (committed.get(end.getKey())
                        != null && committed.get(end.getKey()).offset() >= end.getValue()));
            });
        }
    }

    @Test
    void shouldDeliverABatchThatCompletedAsOneBatchCompletedEventAndNoneForItsLines() throws Exception {
        String fileId = RunningFerry.json(BatchJsonl.upload(ferry.url("/openai/v1/files"), as(TEAM_A_KEY),
                BatchJsonl.file(BatchJsonl.echoLines("line", 3)))).path("id").asText();
        String batchId = RunningFerry.json(BatchJsonl.createBatch(ferry.url("/openai/v1/batches"), as(TEAM_A_KEY),
                fileId)).path("id").asText();

        JsonNode delivery = awaitDeliveries("orders", batchId, 1).get(0);

        assertTrue(delivery.path("verified").asBoolean(), delivery.toString());
        assertEquals("batch.completed", delivery.path("type").asText());
        assertEquals("completed", RunningFerry.json(Http.get(ferry.url("/openai/v1/batches/" + batchId),
                as(TEAM_A_KEY))).path("status").asText(), "the batch had ended when its webhook was sent");
        awaitCommittedToTheEnd(env.get("FERRY_JOB_EVENTS_TOPIC"));
        awaitCommittedToTheEnd(env.get("FERRY_BATCH_EVENTS_TOPIC"));
        assertEquals(1, receiver.deliveries("orders", batchId).size(), "one webhook for the batch's end");
        Set<String> lines = EventsTopic.readAll(env.get("KAFKA_BOOTSTRAP_SERVERS"), env.get("FERRY_JOB_EVENTS_TOPIC"))
                .stream().filter(record -> record.value().contains("\"batch_id\":\"" + batchId + "\""))
                .map(ConsumerRecord::key).collect(Collectors.toSet());
        assertEquals(3, lines.size(), "the batch's three lines ran as jobs");
        assertEquals(List.of(), receiver.deliveries().stream()
                .filter(each -> lines.contains(each.path("data_id").asText())).toList(),
                "no response.* webhooks for the batch's lines");
    }
}
