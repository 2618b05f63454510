package dev.ferry.app;

import static dev.ferry.app.RunningFerry.json;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.config.MockProviderSettings;
import dev.ferry.core.serde.Json;
import dev.ferry.embeddedkafka.KafkaBroker;
import dev.ferry.mockprovider.MockProviderServer;
import dev.ferry.testsupport.Http;
import dev.ferry.testsupport.KafkaBrokerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code FERRY_WORKER_LANES} splits interactive jobs and batch lines between workers, as a deployment that runs
 * batches on machines of their own does: a worker given only the interactive lane never calls the provider for a
 * batch line, and a worker given only the batch lane runs them.
 */
@ExtendWith(KafkaBrokerExtension.class)
class WorkerLanesIT {

    private static final int LINES = 12;

    @Test
    void shouldRunBatchLinesOnlyOnAWorkerThatTakesTheBatchLane(KafkaBroker kafka, @TempDir Path stateDir)
            throws Exception {
        try (MockProviderServer mock = new MockProviderServer(
                new MockProviderSettings("127.0.0.1", 0, Duration.ZERO, 0.0), Json.newMapper(), new Random(3)).start()) {
            Map<String, String> env = RunningFerry.environment(kafka, mock.baseUrl(), stateDir);
            String stats = "http://127.0.0.1:" + mock.port() + "/mock/stats";
            try (RunningFerry gateway = RunningFerry.start(withLanes(env, "interactive"))) {
                String fileId = json(BatchJsonl.upload(gateway.url("/openai/v1/files"), Map.of(),
                        BatchJsonl.file(BatchJsonl.echoLines("line", LINES)))).path("id").asText();
                String batchId = json(BatchJsonl.createBatch(gateway.url("/openai/v1/batches"), Map.of(), fileId))
                        .path("id").asText();
                String batchUrl = gateway.url("/openai/v1/batches/" + batchId);
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                        .until(() -> "in_progress".equals(json(Http.get(batchUrl, Map.of())).path("status").asText()));

                String jobId = gateway.submit("{\"model\":\"mock/echo\",\"input\":\"interactive\"}", Map.of())
                        .header("x-bf-async-id");
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                        .until(() -> "completed".equals(json(gateway.poll(jobId)).path("status").asText()));
                Thread.sleep(1_000); // time enough for a batch line to run, were this worker taking them

                JsonNode waiting = json(Http.get(batchUrl, Map.of()));
                assertEquals("in_progress", waiting.path("status").asText(), waiting.toString());
                assertEquals(0, waiting.path("request_counts").path("completed").asInt(), waiting.toString());
                assertEquals(1, json(Http.get(stats)).path("completed").asLong(),
                        "the provider was called for the interactive job alone");

                try (RunningFerry batchWorker = RunningFerry.start(withLanes(env, "batch"), EnumSet.of(Role.WORKER))) {
                    JsonNode done = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                            .until(() -> json(Http.get(batchUrl, Map.of())),
                                    batch -> "completed".equals(batch.path("status").asText()));
                    assertEquals(LINES, done.path("request_counts").path("completed").asInt(), done.toString());
                    assertEquals(LINES + 1, json(Http.get(stats)).path("completed").asLong(),
                            "each line called once, by the batch worker");
                }
            }
        }
    }

    private static Map<String, String> withLanes(Map<String, String> base, String lanes) {
        Map<String, String> env = new HashMap<>(base);
        env.put("FERRY_WORKER_LANES", lanes);
        return env;
    }
}
