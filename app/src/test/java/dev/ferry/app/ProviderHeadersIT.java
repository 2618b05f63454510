package dev.ferry.app;

import static dev.ferry.app.RunningFerry.json;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.core.config.MockProviderSettings;
import dev.ferry.core.serde.Json;
import dev.ferry.embeddedkafka.KafkaBroker;
import dev.ferry.mockprovider.MockProviderServer;
import dev.ferry.testsupport.Http;
import dev.ferry.testsupport.HttpResult;
import dev.ferry.testsupport.KafkaBrokerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A provider's rate-limit answer reaches the client with the headers it times retries by, on every path: sync JSON,
 * stream, async poll, Bifrost's poll and background retrieve; and a success carries the provider's request id.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ProviderHeadersIT {

    private static final String RATE_LIMITED = "{\"model\":\"mock/fail-429\",\"input\":\"too fast\"}";

    private static MockProviderServer mock;
    private static RunningFerry ferry;

    @BeforeAll
    static void startFerry(KafkaBroker broker, @TempDir Path stateDir) throws Exception {
        mock = new MockProviderServer(new MockProviderSettings("127.0.0.1", 0, Duration.ZERO, 0.0), Json.newMapper(),
                new Random(23)).start();
        Map<String, String> env = new HashMap<>(RunningFerry.environment(broker, mock.baseUrl(), stateDir));
        env.put("FERRY_WORKER_MAX_ATTEMPTS", "1");
        ferry = RunningFerry.start(env);
    }

    @AfterAll
    static void stopFerry() {
        ferry.close();
        mock.close();
    }

    private static void assertRateLimitHeaders(HttpResult result) {
        assertEquals("1", result.header("Retry-After"), result.headers().toString());
        assertEquals("1000", result.header("retry-after-ms"));
        assertEquals("60", result.header("x-ratelimit-limit-requests"));
        assertEquals("0", result.header("x-ratelimit-remaining-requests"));
        assertEquals("1s", result.header("x-ratelimit-reset-requests"));
        assertTrue(String.valueOf(result.header("x-request-id")).startsWith("req_"), result.headers().toString());
    }

    @Test
    void shouldPassTheProvidersRateLimitHeadersOnASyncError() {
        HttpResult result = Http.post(ferry.url("/openai/v1/responses"), RATE_LIMITED);

        assertEquals(429, result.status());
        assertRateLimitHeaders(result);
    }

    @Test
    void shouldPassTheProvidersRateLimitHeadersOnAStreamRefusedBeforeItsFirstEvent() {
        HttpResult result = Http.post(ferry.url("/openai/v1/responses"),
                "{\"model\":\"mock/fail-429\",\"input\":\"too fast\",\"stream\":true}");

        assertEquals(429, result.status());
        assertRateLimitHeaders(result);
    }

    @Test
    void shouldPassTheProvidersRequestIdOnASuccess() {
        HttpResult sync = Http.post(ferry.url("/openai/v1/responses"), "{\"model\":\"mock/echo\",\"input\":\"hi\"}");
        HttpResult stream = Http.post(ferry.url("/openai/v1/responses"),
                "{\"model\":\"mock/echo\",\"input\":\"hi\",\"stream\":true}");

        assertEquals(200, sync.status());
        assertTrue(String.valueOf(sync.header("x-request-id")).startsWith("req_"), sync.headers().toString());
        assertTrue(String.valueOf(stream.header("x-request-id")).startsWith("req_"), stream.headers().toString());
    }

    @Test
    void shouldKeepTheProvidersRateLimitHeadersOnAFailedAsyncJobForEveryPoll() {
        String jobId = ferry.submit(RATE_LIMITED, Map.of()).header("x-bf-async-id");

        await().atMost(Duration.ofSeconds(30)).until(() -> ferry.poll(jobId).status() == 429);
        assertRateLimitHeaders(ferry.poll(jobId));
        HttpResult bifrost = Http.get(ferry.url("/v1/async/responses/" + jobId));
        assertEquals(200, bifrost.status());
        assertEquals("failed", json(bifrost).path("status").asText());
        assertEquals(429, json(bifrost).path("status_code").asInt());
        assertRateLimitHeaders(bifrost);
    }

    @Test
    void shouldKeepTheProvidersRateLimitHeadersOnAFailedBackgroundResponse() {
        String id = json(Http.post(ferry.url("/openai/v1/responses"),
                "{\"model\":\"mock/fail-429\",\"input\":\"later\",\"background\":true}")).path("id").asText();

        await().atMost(Duration.ofSeconds(30)).until(() ->
                "failed".equals(json(Http.get(ferry.url("/openai/v1/responses/" + id))).path("status").asText()));
        assertRateLimitHeaders(Http.get(ferry.url("/openai/v1/responses/" + id)));
    }
}
