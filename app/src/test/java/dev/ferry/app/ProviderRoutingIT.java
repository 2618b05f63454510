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

/** Azure's deployment route and provider, and fallbacks, through a running Ferry to a real provider server. */
@ExtendWith(KafkaBrokerExtension.class)
class ProviderRoutingIT {

    private static final String AZURE = "/openai/openai/deployments/my-deployment/responses?api-version=2025-04-01-preview";

    private static MockProviderServer mock;
    private static RunningFerry ferry;

    @BeforeAll
    static void startFerry(KafkaBroker broker, @TempDir Path stateDir) throws Exception {
        mock = new MockProviderServer(new MockProviderSettings("127.0.0.1", 0, Duration.ZERO, 0.0), Json.newMapper(),
                new Random(19)).start();
        Map<String, String> env = new HashMap<>(RunningFerry.environment(broker, mock.baseUrl(), stateDir));
        env.put("AZURE_OPENAI_ENDPOINT", "http://127.0.0.1:" + mock.port());
        env.put("AZURE_OPENAI_API_KEY", "azure-key-for-tests");
        ferry = RunningFerry.start(env);
    }

    @AfterAll
    static void stopFerry() {
        ferry.close();
        mock.close();
    }

    private static String text(JsonNode response) {
        return response.path("output").get(0).path("content").get(0).path("text").asText();
    }

    @Test
    void shouldRouteTheAzureDeploymentRouteToTheAzureProviderWithTheDeploymentAsModel() {
        HttpResult response = Http.post(ferry.url(AZURE), "{\"model\":\"ignored\",\"input\":\"via azure\"}");

        assertEquals(200, response.status(), response.body());
        assertEquals("my-deployment", json(response).path("model").asText());
        assertEquals("Echo: via azure", text(json(response)));
    }

    @Test
    void shouldRunAnAsyncJobSubmittedOnTheAzureRoute() {
        String jobId = Http.post(ferry.url(AZURE), "{\"input\":\"queued via azure\"}", Map.of("x-bf-async", "true"))
                .header("x-bf-async-id");

        await().atMost(Duration.ofSeconds(30)).until(() ->
                "completed".equals(json(Http.post(ferry.url(AZURE), "", Map.of("x-bf-async-id", jobId)))
                        .path("status").asText()));
    }

    @Test
    void shouldStreamOnTheAzureRoute() {
        HttpResult stream = Http.post(ferry.url(AZURE), "{\"input\":\"stream via azure\",\"stream\":true}");

        assertEquals(200, stream.status());
        assertEquals("text/event-stream", stream.header("Content-Type").split(";")[0]);
        assertEquals(true, stream.body().contains("event: response.completed"));
    }

    @Test
    void shouldRejectAHostileDeploymentId() {
        HttpResult response = Http.post(ferry.url("/openai/openai/deployments/bad%0Aid/responses"), "{\"input\":\"x\"}");

        assertEquals(400, response.status());
    }

    @Test
    void shouldFallBackWhenThePrimaryFailsRetryably() {
        HttpResult response = Http.post(ferry.url("/openai/v1/responses"),
                "{\"model\":\"mock/fail-503\",\"fallbacks\":[\"mock/echo\"],\"input\":\"plan b\"}");

        assertEquals(200, response.status(), response.body());
        assertEquals("Echo: plan b", text(json(response)));
    }

    @Test
    void shouldFallBackInAnAsyncJobToo() {
        String jobId = ferry.submit("{\"model\":\"mock/fail-503\",\"fallbacks\":[\"mock/echo\"],\"input\":\"later b\"}",
                Map.of()).header("x-bf-async-id");

        await().atMost(Duration.ofSeconds(30))
                .until(() -> "completed".equals(json(ferry.poll(jobId)).path("status").asText()));
        assertEquals("Echo: later b", text(json(ferry.poll(jobId))));
    }

    @Test
    void shouldRejectAnUnknownFallback() {
        HttpResult response = Http.post(ferry.url("/openai/v1/responses"),
                "{\"model\":\"mock/echo\",\"fallbacks\":[\"nope/x\"],\"input\":\"x\"}");

        assertEquals(400, response.status());
        assertEquals("fallbacks", json(response).path("error").path("param").asText());
    }
}
