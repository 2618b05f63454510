package dev.ferry.app;

import static dev.ferry.app.RunningFerry.json;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.Encodings;
import dev.ferry.core.config.MockProviderSettings;
import dev.ferry.core.serde.Json;
import dev.ferry.embeddedkafka.KafkaBroker;
import dev.ferry.mockprovider.MockProviderServer;
import dev.ferry.testsupport.Http;
import dev.ferry.testsupport.HttpResult;
import dev.ferry.testsupport.KafkaBrokerExtension;
import dev.ferry.tokens.TokenCounter;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What code written against Bifrost meets when it moves to Ferry: Bifrost's statuses on its native async routes (a
 * poll loop that waits while the status is pending or processing), Azure's api-version reaching Azure, an Azure
 * input_tokens route, input_tokens counted by the provider when Ferry cannot count, and 405 with Allow.
 */
@ExtendWith(KafkaBrokerExtension.class)
class BifrostMigrationIT {

    private static final String AZURE = "/openai/openai/deployments/gpt-4o/responses";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private static MockProviderServer mock;
    private static RunningFerry ferry;

    @BeforeAll
    static void startFerry(KafkaBroker broker, @TempDir Path stateDir) throws Exception {
        mock = new MockProviderServer(new MockProviderSettings("127.0.0.1", 0, Duration.ofMillis(10), 0.0),
                Json.newMapper(), new Random(29)).start();
        Map<String, String> env = new HashMap<>(RunningFerry.environment(broker, mock.baseUrl(), stateDir));
        env.put("AZURE_OPENAI_ENDPOINT", "http://127.0.0.1:" + mock.port());
        env.put("AZURE_OPENAI_API_VERSION", "2025-04-01-preview");
        env.put("FERRY_PROVIDER_SELFHOSTED_BASE_URL", mock.baseUrl().toString());
        ferry = RunningFerry.start(env);
    }

    @AfterAll
    static void stopFerry() {
        ferry.close();
        mock.close();
    }

    @Test
    void shouldKeepABifrostPollLoopWaitingWhilePendingOrProcessingUntilCompleted() {
        HttpResult submitted = Http.post(ferry.url("/v1/async/responses"),
                "{\"model\":\"mock/sleep-1500\",\"input\":\"Bifrost loop\"}");
        assertEquals(202, submitted.status());
        assertEquals("pending", json(submitted).path("status").asText());
        String id = json(submitted).path("id").asText();

        List<String> seen = new ArrayList<>();
        JsonNode last = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonNode poll = json(Http.get(ferry.url("/v1/async/responses/" + id)));
            seen.add(poll.path("status").asText());
            return poll;
        }, poll -> !List.of("pending", "processing").contains(poll.path("status").asText()));

        assertEquals("completed", last.path("status").asText(), seen.toString());
        assertTrue(seen.contains("processing"), seen.toString());
        assertTrue(seen.stream().allMatch(List.of("pending", "processing", "completed")::contains), seen.toString());
        assertEquals("Echo: Bifrost loop", last.at("/result/output/0/content/0/text").asText());
    }

    @Test
    void shouldKeepOpenAisStatusesOnTheOpenAiRoutes() {
        HttpResult submitted = ferry.submit("{\"model\":\"mock/sleep-1000\",\"input\":\"OpenAI words\"}", Map.of());

        assertEquals("queued", json(submitted).path("status").asText());
    }

    @Test
    void shouldForwardTheClientsAzureApiVersion() {
        HttpResult served = Http.post(ferry.url(AZURE + "?api-version=2024-10-21"), "{\"input\":\"v\"}");
        HttpResult unserved = Http.post(ferry.url(AZURE + "?api-version=2099-01-01"), "{\"input\":\"v\"}");
        HttpResult configured = Http.post(ferry.url(AZURE), "{\"input\":\"v\"}");

        assertEquals(200, served.status(), served.body());
        assertEquals(400, unserved.status(), unserved.body());
        assertTrue(json(unserved).at("/error/message").asText().contains("2099-01-01"), unserved.body());
        assertEquals(200, configured.status(), configured.body());
    }

    @Test
    void shouldForwardTheClientsAzureApiVersionInAnAsyncJobToo() {
        String jobId = Http.post(ferry.url(AZURE + "?api-version=2099-01-01"), "{\"input\":\"v\"}",
                Map.of("x-bf-async", "true")).header("x-bf-async-id");

        await().atMost(Duration.ofSeconds(30)).until(() -> ferry.poll(jobId).status() == 400);
        assertTrue(json(ferry.poll(jobId)).at("/error/message").asText().contains("2099-01-01"));
    }

    @Test
    void shouldRefuseAMalformedAzureApiVersion() {
        HttpResult refused = Http.post(ferry.url(AZURE + "?api-version=2024-10-21%26x%3D1"), "{\"input\":\"v\"}");

        assertEquals(400, refused.status());
        assertEquals("api-version", json(refused).at("/error/param").asText());
    }

    @Test
    void shouldCountInputTokensOnTheAzureDeploymentRoute() {
        HttpResult counted = Http.post(ferry.url(AZURE + "/input_tokens?api-version=2024-10-21"),
                "{\"model\":\"ignored\",\"input\":\"Hello, world!\"}");

        assertEquals(200, counted.status(), counted.body());
        assertEquals("response.input_tokens", json(counted).path("object").asText());
        assertEquals(new TokenCounter(Encodings.newLazyEncodingRegistry()).count("azure", "gpt-4o",
                RunningFerry.JSON.createObjectNode().put("input", "Hello, world!")), json(counted).path("input_tokens").asInt());
    }

    @Test
    void shouldAskTheProviderToCountWhenFerryHasNoTokenizerForTheModel() {
        String request = "{\"model\":\"selfhosted/llama-3.1-8b\",\"input\":\"Count me remotely\"}";
        HttpResult counted = Http.post(ferry.url("/openai/v1/responses/input_tokens"), request);

        assertEquals(200, counted.status(), counted.body());
        assertEquals("response.input_tokens", json(counted).path("object").asText());
        assertEquals(new TokenCounter(Encodings.newLazyEncodingRegistry()).count("mock", "llama-3.1-8b",
                RunningFerry.JSON.createObjectNode().put("input", "Count me remotely")), json(counted).path("input_tokens").asInt());
        assertTrue(String.valueOf(counted.header("x-request-id")).startsWith("req_"));
    }

    @Test
    void shouldAnswerAWrongMethodOnAKnownRouteWith405AndAllow() throws Exception {
        HttpResponse<String> put = CLIENT.send(HttpRequest.newBuilder(URI.create(ferry.url("/openai/v1/responses")))
                .PUT(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResult get = Http.get(ferry.url("/v1/async/responses"));

        assertEquals(405, put.statusCode(), put.body());
        assertEquals("POST", put.headers().firstValue("Allow").orElse(""));
        assertEquals("method_not_allowed", RunningFerry.JSON.readTree(put.body()).at("/error/code").asText());
        assertEquals(405, get.status());
        assertEquals("POST", get.header("Allow"));
        assertEquals(404, Http.get(ferry.url("/no/such/route")).status());
    }
}
