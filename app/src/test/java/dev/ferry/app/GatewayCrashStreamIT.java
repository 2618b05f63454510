package dev.ferry.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.config.MockProviderSettings;
import dev.ferry.core.serde.Json;
import dev.ferry.embeddedkafka.KafkaBroker;
import dev.ferry.mockprovider.MockProviderServer;
import dev.ferry.testsupport.FreePorts;
import dev.ferry.testsupport.Http;
import dev.ferry.testsupport.KafkaBrokerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway killed with SIGKILL in the middle of a background stream: the client reconnects to another gateway with
 * the last sequence number it saw and gets the rest, nothing lost and nothing twice.
 */
@ExtendWith(KafkaBrokerExtension.class)
class GatewayCrashStreamIT {

    private static final String WORDS = IntStream.rangeClosed(1, 40).mapToObj(i -> "word" + i)
            .collect(Collectors.joining(" "));

    @Test
    void shouldResumeOnAnotherGatewayAfterTheFirstWasKilledMidStream(
            KafkaBroker kafka, @TempDir Path first, @TempDir Path second) throws Exception {
        try (MockProviderServer mock = new MockProviderServer(
                new MockProviderSettings("127.0.0.1", 0, Duration.ofMillis(10), 0.0), Json.newMapper(),
                new Random(37)).start()) {
            Map<String, String> shared = new HashMap<>(RunningFerry.environment(kafka, mock.baseUrl(), first));
            shared.put("FERRY_ADVERTISED_HOST", "127.0.0.1");
            shared.put("FERRY_STANDBY_REPLICAS", "1");
            Map<String, String> survivorEnv = new HashMap<>(shared);
            survivorEnv.put("FERRY_PORT", Integer.toString(FreePorts.pick()));
            Map<String, String> doomedEnv = new HashMap<>(shared);
            doomedEnv.put("FERRY_STATE_DIR", second.toString());
            doomedEnv.put("FERRY_PORT", Integer.toString(FreePorts.pick()));
            try (RunningFerry survivor = RunningFerry.start(survivorEnv);
                    FerryProcess doomed = FerryProcess.start(doomedEnv, "ingress")) {
                String doomedUrl = await().atMost(Duration.ofSeconds(90)).until(
                        () -> doomed.baseUrl().orElse(null), url -> url != null);
                await().atMost(Duration.ofSeconds(60)).until(() -> Http.get(doomedUrl + "/health").status() == 200);

                List<JsonNode> before;
                try (SseEvents stream = SseEvents.post(doomedUrl + "/openai/v1/responses",
                        "{\"model\":\"mock/stream-gap-50\",\"input\":\"" + WORDS + "\",\"background\":true,"
                                + "\"stream\":true}")) {
                    before = stream.until(event -> event.path("sequence_number").asLong() == 6);
                    doomed.kill();
                }
                String id = before.get(0).at("/response/id").asText();
                long lastSeen = before.get(before.size() - 1).path("sequence_number").asLong();

                // Until the survivor's standby copy has the job, it answers 503 with Retry-After, as a client
                // would be told: kill -9 can beat the changelog record of the job's latest state.
                String resume = survivor.url("/openai/v1/responses/" + id + "?stream=true&starting_after=" + lastSeen);
                SseEvents stream = SseEvents.get(resume);
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (stream.status() == 503 && System.nanoTime() < deadline) {
                    stream.close();
                    Thread.sleep(1000);
                    stream = SseEvents.get(resume);
                }
                List<JsonNode> after;
                try (SseEvents resumed = stream) {
                    assertEquals(200, resumed.status());
                    after = resumed.rest();
                }

                assertFalse(doomed.isAlive());
                BackgroundStreamingIT.assertNumberedFrom(lastSeen + 1, after);
                assertEquals("response.completed", after.get(after.size() - 1).path("type").asText());
                List<JsonNode> whole = new ArrayList<>(before);
                whole.addAll(after);
                BackgroundStreamingIT.assertNumberedFrom(0, whole);
                assertEquals("Echo: " + WORDS, BackgroundStreamingIT.text(whole));
            }
        }
    }
}
