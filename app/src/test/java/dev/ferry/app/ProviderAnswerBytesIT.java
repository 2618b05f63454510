package dev.ferry.app;

import static dev.ferry.app.RunningFerry.json;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import dev.ferry.embeddedkafka.KafkaBroker;
import dev.ferry.testsupport.Http;
import dev.ferry.testsupport.HttpResult;
import dev.ferry.testsupport.KafkaBrokerExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A provider's answer reaches the client as the provider wrote it, on the sync path and through Kafka to a poll: its
 * spacing, and a number no double holds, are not rewritten on the way. An answer that is not exactly one JSON object
 * is refused as an invalid provider response instead of being passed on.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ProviderAnswerBytesIT {

    private static final String AS_WRITTEN = "{ \"id\": \"resp_as_written\", \"object\": \"response\",\n"
            + "  \"status\": \"completed\", \"temperature\": 1e999, \"model\": \"x\", \"output\": [] }";
    private static final String WITH_TRAILING_TEXT = "{\"id\":\"resp_1\",\"object\":\"response\"} and more";

    private static HttpServer provider;
    private static final AtomicReference<String> ANSWER = new AtomicReference<>(AS_WRITTEN);
    private static RunningFerry ferry;

    @BeforeAll
    static void startFerry(KafkaBroker broker, @TempDir Path stateDir) throws Exception {
        provider = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        provider.createContext("/v1/responses", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] answer = ANSWER.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            } catch (IOException ignored) {
                // the client went away
            }
        });
        provider.start();
        URI baseUrl = URI.create("http://127.0.0.1:" + provider.getAddress().getPort() + "/v1");
        Map<String, String> env = RunningFerry.environment(broker, baseUrl, stateDir);
        env.put("FERRY_WORKER_MAX_ATTEMPTS", "1");
        ferry = RunningFerry.start(env);
    }

    @AfterAll
    static void stopFerry() {
        ferry.close();
        provider.stop(0);
    }

    @Test
    void shouldAnswerASyncCallWithTheProvidersBytes() {
        ANSWER.set(AS_WRITTEN);

        HttpResult result = Http.post(ferry.url("/openai/v1/responses"), "{\"model\":\"mock/x\",\"input\":\"hi\"}");

        assertEquals(200, result.status(), result.body());
        assertEquals(AS_WRITTEN, result.body());
    }

    @Test
    void shouldAnswerThePollOfAnAsyncJobWithTheProvidersBytes() {
        ANSWER.set(AS_WRITTEN);
        String jobId = ferry.submit("{\"model\":\"mock/x\",\"input\":\"hi\"}", Map.of()).header("x-bf-async-id");

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> AS_WRITTEN.equals(ferry.poll(jobId).body()));

        HttpResult poll = ferry.poll(jobId);
        assertEquals(200, poll.status());
        assertEquals(AS_WRITTEN, poll.body());
    }

    @Test
    void shouldRefuseAnAnswerWithTextAfterItsObject() {
        ANSWER.set(WITH_TRAILING_TEXT);
        try {
            HttpResult result = Http.post(ferry.url("/openai/v1/responses"),
                    "{\"model\":\"mock/x\",\"input\":\"hi\"}");

            assertEquals(502, result.status(), result.body());
            assertEquals("invalid_provider_response", json(result).path("error").path("code").asText());
        } finally {
            ANSWER.set(AS_WRITTEN);
        }
    }
}
