package dev.ferry.app;

import static dev.ferry.app.RunningFerry.json;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.core.config.FerryConfig;
import dev.ferry.testsupport.Http;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With no Kafka configured, Ferry starts its own broker and mock provider and serves a round trip. */
class EmbeddedDefaultIT {

    @Test
    void shouldServeASubmitAndPollRoundTripOnTheEmbeddedDefaults(@TempDir Path dataDir) throws Exception {
        FerryConfig config = FerryConfig.fromEnv(Map.of(
                "FERRY_DATA_DIR", dataDir.toString(),
                "FERRY_PORT", "0",
                "FERRY_MOCK_PORT", "0",
                "FERRY_MOCK_LATENCY_MS", "10",
                "FERRY_EMBEDDED_KAFKA_PORT", "0"));
        try (FerryNode node = FerryNode.start(config, EnumSet.allOf(Role.class), Clock.systemUTC())) {
            assertTrue(node.awaitReady(Duration.ofSeconds(60)));
            assertTrue(Files.isDirectory(dataDir.resolve("kafka")), "the broker keeps its log under the data dir");
            String base = "http://127.0.0.1:" + node.httpPort().orElseThrow();
            assertEquals(200, Http.get(base + "/health").status());

            String jobId = Http.post(base + "/openai/v1/responses", "{\"model\":\"mock/echo\",\"input\":\"hi\"}",
                    Map.of("x-bf-async", "true")).header("x-bf-async-id");

            await().atMost(Duration.ofSeconds(30)).until(() -> "completed".equals(json(
                    Http.post(base + "/openai/v1/responses", "", Map.of("x-bf-async-id", jobId)))
                    .path("status").asText()));
        }
    }
}
