package dev.ferry.ingress.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.core.config.HttpSettings;
import dev.ferry.core.serde.Json;
import dev.ferry.ingress.TestServices;
import dev.ferry.ingress.http.HttpApi;
import dev.ferry.ingress.jobs.AsyncJobs;
import dev.ferry.providers.ProviderClient;
import dev.ferry.providers.ProviderRouter;
import dev.ferry.testsupport.Http;
import dev.ferry.testsupport.HttpResult;
import io.javalin.Javalin;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The input-token routes over real HTTP against the real Javalin app; no provider is ever called. */
class InputTokensRoutesTest {

    private static final ObjectMapper MAPPER = Json.newMapper();
    private static Javalin app;
    private static String base;

    @BeforeAll
    static void startApp() {
        ProviderClient neverCalled = (model, request, timeout) ->
                CompletableFuture.failedFuture(new AssertionError("counting tokens must not call a provider"));
        ProviderRouter router = new ProviderRouter(
                Map.of("openai", neverCalled, "mock", neverCalled, "anthropic", neverCalled));
        AsyncJobs jobs = TestServices.jobsWithoutKafka();
        HttpSettings settings = new HttpSettings("127.0.0.1", 0, 1024 * 1024, 3600, 86400, 0, 0, 0);
        app = new HttpApi(settings, MAPPER, TestServices.of(jobs, router, Duration.ofSeconds(5))).create()
                .start("127.0.0.1", 0);
        base = "http://127.0.0.1:" + app.port();
    }

    @AfterAll
    static void stopApp() {
        if (app != null) {
            app.stop();
        }
    }

    private static JsonNode json(HttpResult result) throws Exception {
        return MAPPER.readTree(result.body());
    }

    @Test
    void shouldAnswerInputTokensForAnOpenAiModel() throws Exception {
        HttpResult result = Http.post(base + "/openai/v1/responses/input_tokens",
                "{\"model\":\"openai/gpt-4o\",\"input\":\"Hello, world!\"}");

        assertEquals(200, result.status(), result.body());
        assertTrue(result.header("Content-Type").startsWith("application/json"));
        JsonNode body = json(result);
        assertEquals("response.input_tokens", body.path("object").asText());
        assertEquals(11, body.path("input_tokens").asInt());
        assertEquals(2, body.size());
    }

    @Test
    void shouldAnswerOnThePathWithoutV1ForTheMockProvider() throws Exception {
        HttpResult result = Http.post(base + "/openai/responses/input_tokens",
                "{\"model\":\"mock/echo\",\"instructions\":\"be brief\",\"input\":[{\"role\":\"user\","
                        + "\"content\":[{\"type\":\"input_text\",\"text\":\"Hello, world!\"}]}]}");

        assertEquals(200, result.status(), result.body());
        JsonNode body = json(result);
        assertEquals("response.input_tokens", body.path("object").asText());
        assertTrue(body.path("input_tokens").asInt() > 11, result.body());
    }

    @Test
    void shouldRejectAsyncRequestsOnThisRoute() throws Exception {
        HttpResult result = Http.post(base + "/openai/v1/responses/input_tokens",
                "{\"model\":\"openai/gpt-4o\",\"input\":\"Hello\"}", Map.of("x-bf-async", "true"));

        assertEquals(400, result.status());
        JsonNode error = json(result).path("error");
        assertEquals("async operation is not supported on this route", error.path("message").asText());
        assertEquals("x-bf-async", error.path("param").asText());
        assertEquals("invalid_request_error", error.path("type").asText());
    }

    @Test
    void shouldRejectModelsThatNeitherFerryNorTheirProviderCanCount() throws Exception {
        HttpResult result = Http.post(base + "/openai/v1/responses/input_tokens",
                "{\"model\":\"anthropic/claude-x\",\"input\":\"Hello\"}");

        assertEquals(400, result.status());
        JsonNode error = json(result).path("error");
        assertEquals("model", error.path("param").asText());
        assertEquals("unsupported_model", error.path("code").asText());
        assertTrue(error.path("message").asText().contains("cannot count input tokens"), result.body());
    }

    @Test
    void shouldRejectUnknownProviders() throws Exception {
        HttpResult result = Http.post(base + "/openai/v1/responses/input_tokens",
                "{\"model\":\"nowhere/gpt-4o\",\"input\":\"Hello\"}");

        assertEquals(400, result.status());
        assertEquals("model", json(result).path("error").path("param").asText());
    }

    @Test
    void shouldRejectMalformedJson() throws Exception {
        HttpResult result = Http.post(base + "/openai/v1/responses/input_tokens", "{\"model\":\"openai/gpt-4o\",");

        assertEquals(400, result.status());
        JsonNode error = json(result).path("error");
        assertEquals("invalid_json", error.path("code").asText());
        assertEquals("invalid_request_error", error.path("type").asText());
    }

    @Test
    void shouldRejectARequestWithoutInput() throws Exception {
        HttpResult result = Http.post(base + "/openai/v1/responses/input_tokens", "{\"model\":\"openai/gpt-4o\"}");

        assertEquals(400, result.status());
        assertEquals("input", json(result).path("error").path("param").asText());
    }
}
