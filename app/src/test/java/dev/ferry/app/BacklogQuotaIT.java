package dev.ferry.app;

import static dev.ferry.app.RunningFerry.json;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.ferry.core.config.MockProviderSettings;
import dev.ferry.core.serde.Json;
import dev.ferry.embeddedkafka.KafkaBroker;
import dev.ferry.mockprovider.MockProviderServer;
import dev.ferry.testsupport.Http;
import dev.ferry.testsupport.HttpResult;
import dev.ferry.testsupport.KafkaBrokerExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Each key may have only so many unfinished async jobs; the rest get 429 until some finish. */
@ExtendWith(KafkaBrokerExtension.class)
class BacklogQuotaIT {

    private static final Map<String, String> ALICE = Map.of("Authorization", "Bearer alice-secret-123");
    private static final Map<String, String> BOB = Map.of("Authorization", "Bearer bob-secret-4567");
    private static final String SLOW = "{\"model\":\"mock/sleep-3000\",\"input\":\"wait\"}";

    private static HttpResult pollAsAlice(RunningFerry ferry, String jobId) {
        Map<String, String> headers = new HashMap<>(ALICE);
        headers.put("x-bf-async-id", jobId);
        return Http.post(ferry.url("/openai/v1/responses"), "", headers);
    }

    @Test
    void shouldRefuseJobsBeyondAKeysBacklogUntilSomeFinish(KafkaBroker kafka, @TempDir Path stateDir)
            throws Exception {
        try (MockProviderServer mock = new MockProviderServer(
                new MockProviderSettings("127.0.0.1", 0, Duration.ZERO, 0.0), Json.newMapper(), new Random(23))
                .start()) {
            Map<String, String> env = new HashMap<>(RunningFerry.environment(kafka, mock.baseUrl(), stateDir));
            env.put("FERRY_API_KEYS", "alice=alice-secret-123,bob=bob-secret-4567");
            env.put("FERRY_BACKLOG_QUOTA", "3");
            try (RunningFerry ferry = RunningFerry.start(env)) {
                for (int i = 0; i < 3; i++) {
                    HttpResult accepted = ferry.submit(SLOW, ALICE);
                    assertEquals(200, accepted.status(), accepted.body());
                    String jobId = accepted.header("x-bf-async-id");
                    await().atMost(Duration.ofSeconds(10)).until(() -> pollAsAlice(ferry, jobId).status() == 200);
                }

                HttpResult refused = ferry.submit(SLOW, ALICE);
                assertEquals(429, refused.status(), refused.body());
                assertEquals("backlog_quota_exceeded", json(refused).path("error").path("code").asText());
                assertNotNull(refused.header("Retry-After"));
                assertEquals(200, ferry.submit(SLOW, BOB).status(), "other keys have their own backlog");

                await().atMost(Duration.ofSeconds(30)).until(() -> ferry.submit(SLOW, ALICE).status() == 200);
            }
        }
    }

    @Test
    void shouldHoldTheQuotaAgainstABurstOfConcurrentSubmits(KafkaBroker kafka, @TempDir Path stateDir)
            throws Exception {
        try (MockProviderServer mock = new MockProviderServer(
                new MockProviderSettings("127.0.0.1", 0, Duration.ZERO, 0.0), Json.newMapper(), new Random(29))
                .start()) {
            Map<String, String> env = new HashMap<>(RunningFerry.environment(kafka, mock.baseUrl(), stateDir));
            env.put("FERRY_API_KEYS", "alice=alice-secret-123");
            env.put("FERRY_BACKLOG_QUOTA", "10");
            try (RunningFerry ferry = RunningFerry.start(env)) {
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                HttpRequest submit = HttpRequest.newBuilder(URI.create(ferry.url("/openai/v1/responses")))
                        .header("Authorization", ALICE.get("Authorization"))
                        .header("x-bf-async", "true")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"mock/sleep-30000\",\"input\":\"x\"}"))
                        .build();
                List<CompletableFuture<HttpResponse<Void>>> burst = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    burst.add(client.sendAsync(submit, HttpResponse.BodyHandlers.discarding()));
                }
                Map<Integer, Long> statuses = burst.stream().map(CompletableFuture::join)
                        .collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));

                assertEquals(Map.of(200, 10L, 429, 90L), statuses);
            }
        }
    }
}
