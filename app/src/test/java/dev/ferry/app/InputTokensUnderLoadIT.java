package dev.ferry.app;

import static dev.ferry.app.RunningFerry.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Counting input tokens cannot take a gateway down: a flood of the largest inputs the body limit allows, each one
 * long run of a single character (the input that once took 16-20 s of CPU and 1.7 GB of heap apiece), gets counts or
 * 429 with {@code Retry-After}, while {@code /health}, small counts and creates keep answering. The node counts large
 * inputs on one thread with a queue of one, so most of the flood is refused. Ferry runs in this test's JVM, which also
 * sends the flood's 96 MB: on two shared cores a probe waits behind those threads for up to a few seconds (2.4 s was
 * seen in a full build), where a gateway stalled by counting would take tens of seconds, or run out of heap.
 */
@ExtendWith(KafkaBrokerExtension.class)
class InputTokensUnderLoadIT {

    private static final int HUGE_REQUESTS = 12;
    private static final String SPACES = " ".repeat(8_000_000);
    private static final String HUGE = "{\"model\":\"openai/gpt-4o\",\"input\":\"" + SPACES + "\"}";
    private static final String SMALL = "{\"model\":\"openai/gpt-4o\",\"input\":\"Hello, world!\"}";
    private static final String HELLO = "{\"model\":\"mock/echo\",\"input\":\"beside the flood\"}";
    private static final Duration PROMPT = Duration.ofSeconds(5);
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static MockProviderServer mock;
    private static RunningFerry ferry;

    @BeforeAll
    static void startFerry(KafkaBroker broker, @TempDir Path stateDir) throws Exception {
        mock = new MockProviderServer(new MockProviderSettings("127.0.0.1", 0, Duration.ofMillis(20), 0.0),
                Json.newMapper(), new Random(14)).start();
        Map<String, String> env = new HashMap<>(RunningFerry.environment(broker, mock.baseUrl(), stateDir));
        env.put("FERRY_TOKEN_COUNT_THREADS", "1");
        env.put("FERRY_TOKEN_COUNT_QUEUE", "1");
        ferry = RunningFerry.start(env);
    }

    @AfterAll
    static void stopFerry() {
        if (ferry != null) {
            ferry.close();
        }
        if (mock != null) {
            mock.close();
        }
    }

    @Test
    void shouldCountOrRefuseAFloodOfHugeInputsWhileHealthAndSmallRequestsKeepAnswering() {
        List<CompletableFuture<HttpResponse<String>>> flood = new ArrayList<>();
        for (int i = 0; i < HUGE_REQUESTS; i++) {
            flood.add(CLIENT.sendAsync(HttpRequest.newBuilder(URI.create(ferry.url("/openai/v1/responses/input_tokens")))
                    .timeout(Duration.ofSeconds(120)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(HUGE)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(flood.toArray(CompletableFuture[]::new));

        int rounds = 0;
        while (!all.isDone() || rounds < 3) {
            assertPrompt("/health", () -> Http.get(ferry.url("/health")), 200);
            HttpResult small = assertPrompt("a small count",
                    () -> Http.post(ferry.url("/openai/v1/responses/input_tokens"), SMALL), 200);
            assertEquals(11, json(small).path("input_tokens").asInt(), small.body());
            assertPrompt("a create", () -> ferry.submit(HELLO, Map.of()), 200);
            rounds++;
        }

        int counted = 0;
        int refused = 0;
        for (CompletableFuture<HttpResponse<String>> answer : flood) {
            HttpResponse<String> response = answer.join();
            JsonNode body = json(new HttpResult(response.statusCode(), response.headers().map(), response.body()));
            if (response.statusCode() == 200) {
                counted++;
                assertEquals(62_507, body.path("input_tokens").asInt(), "8,000,000 spaces as one user message");
            } else {
                refused++;
                assertEquals(429, response.statusCode(), response.body());
                assertNotNull(response.headers().firstValue("Retry-After").orElse(null), "429 without Retry-After");
                assertEquals("rate_limit_error", body.path("error").path("type").asText(), response.body());
                assertEquals("token_counting_busy", body.path("error").path("code").asText(), response.body());
            }
        }
        assertTrue(counted >= 1, "no huge input was counted");
        assertTrue(refused >= 1, "a pool of one thread and a queue of one refused none of " + HUGE_REQUESTS);
    }

    private static HttpResult assertPrompt(String what, Supplier<HttpResult> call, int status) {
        long began = System.nanoTime();
        HttpResult result = call.get();
        Duration took = Duration.ofNanos(System.nanoTime() - began);
        assertEquals(status, result.status(), what + ": " + result.body());
        assertTrue(took.compareTo(PROMPT) < 0, what + " took " + took + " during the flood");
        return result;
    }
}
