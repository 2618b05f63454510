package dev.ferry.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.config.MockProviderSettings;
import dev.ferry.core.serde.Json;
import dev.ferry.embeddedkafka.EmbeddedKafkaBroker;
import dev.ferry.mockprovider.MockProviderServer;
import dev.ferry.testsupport.Http;
import dev.ferry.testsupport.HttpResult;
import dev.ferry.testsupport.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch whose completion window passes (here 3 s, {@code FERRY_BATCH_WINDOW_SECONDS}) ends {@code expired}: the
 * lines that finished are in its output file, the others in its error file as {@code batch_expired}, and the job
 * store announces the end once on {@code batch-events}, the feed webhooks will read.
 */
@ExtendWith(KafkaBrokerExtension.class)
class BatchExpiryIT {

    private static MockProviderServer mock;
    private static RunningFerry ferry;
    private static EmbeddedKafkaBroker kafka;

    @BeforeAll
    static void startFerry(EmbeddedKafkaBroker broker, @TempDir Path stateDir) throws Exception {
        kafka = broker;
        mock = new MockProviderServer(new MockProviderSettings("127.0.0.1", 0, Duration.ofMillis(5), 0.0),
                Json.newMapper(), new Random(29)).start();
        Map<String, String> env = RunningFerry.environment(broker, mock.baseUrl(), stateDir);
        env.put("FERRY_BATCH_WINDOW_SECONDS", "3");
        ferry = RunningFerry.start(env);
    }

    @AfterAll
    static void stopFerry() {
        ferry.close();
        mock.close();
    }

    private static String upload(List<String> lines) {
        return RunningFerry.json(BatchJsonl.upload(ferry.url("/openai/v1/files"), Map.of(), BatchJsonl.file(lines)))
                .path("id").asText();
    }

    private static Set<String> customIds(String fileId) throws Exception {
        HttpResult content = Http.get(ferry.url("/openai/v1/files/" + fileId + "/content"), Map.of());
        assertEquals(200, content.status(), content.body());
        Set<String> ids = new TreeSet<>();
        for (String line : content.body().split("\n")) {
            if (!line.isBlank()) {
                JsonNode parsed = RunningFerry.JSON.readTree(line);
                ids.add(parsed.path("custom_id").asText() + (parsed.path("error").isNull() ? ""
                        : ":" + parsed.path("error").path("code").asText()));
            }
        }
        return ids;
    }

    @Test
    void shouldExpireABatchPastItsWindowKeepingWhatFinished() throws Exception {
        List<String> lines = new ArrayList<>(BatchJsonl.echoLines("fast", 2));
        lines.add(BatchJsonl.line("slow-0", "mock/sleep-60000", "never in time"));
        lines.add(BatchJsonl.line("slow-1", "mock/sleep-60000", "never in time"));
        String batchId = RunningFerry.json(Http.post(ferry.url("/openai/v1/batches"), "{\"input_file_id\":\""
                + upload(lines) + "\",\"endpoint\":\"/v1/responses\",\"completion_window\":\"24h\"}", Map.of()))
                .path("id").asText();

        JsonNode expired = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> RunningFerry.json(Http.get(ferry.url("/openai/v1/batches/" + batchId), Map.of())),
                        batch -> batch.path("status").asText().equals("expired"));

        assertTrue(expired.path("expired_at").isNumber());
        assertEquals(2, expired.path("request_counts").path("completed").asInt());
        assertEquals(Set.of("fast-0", "fast-1"), customIds(expired.path("output_file_id").asText()));
        assertEquals(Set.of("slow-0:batch_expired", "slow-1:batch_expired"),
                customIds(expired.path("error_file_id").asText()));
        assertEquals(List.of("validating", "in_progress", "expired"), batchEvents(batchId));
    }

    /** The statuses the batch's events on {@code batch-events} announce, in order. */
    private static List<String> batchEvents(String batchId) throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "batch-events-reader-" + batchId);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> types = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(ferry.environment().get("FERRY_BATCH_EVENTS_TOPIC")));
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (batchId.equals(record.key())) {
                        types.add(RunningFerry.JSON.readTree(record.value().getBytes(StandardCharsets.UTF_8))
                                .path("type").asText());
                    }
                }
                return types.contains("expired");
            });
        }
        return types;
    }
}
