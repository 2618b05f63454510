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
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Request bodies that stall: the documented limit (a 5 s grace, then 256 bytes a second) holds for a body of which
 * nothing more ever arrives, and hundreds of such bodies hold no thread that other callers need. The node has one
 * API key and Ferry's default minimum data rate, as in the report of issue 14.
 */
@ExtendWith(KafkaBrokerExtension.class)
class SlowBodyIT {

    private static final String KEY = "slow-body-key-0123456789";
    private static final String HELLO = "{\"model\":\"mock/echo\",\"input\":\"beside the stalled bodies\"}";
    private static final List<String> BODY_ROUTES = List.of("/openai/v1/responses", "/openai/responses",
            "/v1/async/responses", "/openai/v1/responses/input_tokens");
    private static final Duration GRACE = Duration.ofSeconds(5);
    /** Jetty's idle timeout, which used to be the only thing ending a silent body. */
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PROMPT = Duration.ofSeconds(2);

    private static MockProviderServer mock;
    private static RunningFerry ferry;

    @BeforeAll
    static void startFerry(KafkaBroker broker, @TempDir Path stateDir) throws Exception {
        mock = new MockProviderServer(new MockProviderSettings("127.0.0.1", 0, Duration.ofMillis(20), 0.0),
                Json.newMapper(), new Random(14)).start();
        Map<String, String> env = new HashMap<>(RunningFerry.environment(broker, mock.baseUrl(), stateDir));
        env.put("FERRY_API_KEYS", "main=" + KEY);
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
    void shouldAnswerABodyThatStopsArrivingWith408AtTheEndOfTheGracePeriod() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(2 * BODY_ROUTES.size());
        List<CompletableFuture<Timed<RawHttp.Response>>> answers = new ArrayList<>();
        for (String path : BODY_ROUTES) {
            answers.add(CompletableFuture.supplyAsync(() -> stall(path, "{"), clients));
            answers.add(CompletableFuture.supplyAsync(() -> stall(path, ""), clients));
        }
        clients.shutdown();

        for (CompletableFuture<Timed<RawHttp.Response>> answer : answers) {
            Timed<RawHttp.Response> timed = answer.join();
            RawHttp.Response response = timed.value();
            assertEquals(408, response.status(), response.body());
            assertEquals("request_timeout", RunningFerry.JSON.readTree(response.body()).path("error").path("code")
                    .asText(), response.body());
            assertTrue(timed.took().compareTo(GRACE.minusSeconds(1)) >= 0, "cut off before the grace: " + timed.took());
            assertTrue(timed.took().compareTo(Duration.ofSeconds(10)) < 0,
                    "cut off only after " + timed.took() + " (Jetty's idle timeout is " + IDLE_TIMEOUT + ")");
        }
    }

    @Test
    void shouldKeepAnsweringOtherCallersWhileThreeHundredBodiesStall() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                Socket socket = RawHttp.open(port(), IDLE_TIMEOUT.plusSeconds(10));
                socket.getOutputStream().write(head("/openai/v1/responses", 100_000).concat("{")
                        .getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                stalled.add(socket);
            }
            long opened = System.nanoTime();
            String jobId = null;
            while (Duration.ofNanos(System.nanoTime() - opened).compareTo(GRACE.minusSeconds(2)) < 0) {
                Timed<HttpResult> health = timed(() -> Http.get(ferry.url("/health")));
                Timed<HttpResult> create = timed(() -> ferry.submit(HELLO, Map.of("Authorization", "Bearer " + KEY)));

                assertEquals(200, health.value().status());
                assertTrue(health.took().compareTo(PROMPT) < 0, "/health took " + health.took());
                assertEquals(200, create.value().status(), create.value().body());
                assertTrue(create.took().compareTo(PROMPT) < 0, "a create took " + create.took());
                jobId = create.value().header("x-bf-async-id");
            }

            for (Socket socket : stalled) {
                RawHttp.Response response = RawHttp.read(socket.getInputStream());
                assertEquals(408, response.status(), response.body());
            }
            String lastJob = jobId;
            await().atMost(Duration.ofSeconds(30)).until(() -> "completed".equals(
                    json(Http.post(ferry.url("/openai/v1/responses"), "", Map.of("Authorization", "Bearer " + KEY,
                            "x-bf-async-id", lastJob))).path("status").asText()));
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    /** Sends the head of a request that announces 100000 bytes, then {@code start} of its body and nothing more. */
    private static Timed<RawHttp.Response> stall(String path, String start) {
        try (Socket socket = RawHttp.open(port(), IDLE_TIMEOUT.plusSeconds(10))) {
            long began = System.nanoTime();
            socket.getOutputStream().write((head(path, 100_000) + start).getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            RawHttp.Response response = RawHttp.read(socket.getInputStream());
            return new Timed<>(response, Duration.ofNanos(System.nanoTime() - began));
        } catch (IOException e) {
            throw new IllegalStateException(path + ": " + e, e);
        }
    }

    private static String head(String path, int contentLength) {
        return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Authorization: Bearer " + KEY + "\r\nContent-Length: " + contentLength
                + "\r\n\r\n";
    }

    private record Timed<T>(T value, Duration took) {
    }

    private static <T> Timed<T> timed(Supplier<T> call) {
        long began = System.nanoTime();
        T value = call.get();
        return new Timed<>(value, Duration.ofNanos(System.nanoTime() - began));
    }

    private static int port() {
        return URI.create(ferry.url("/")).getPort();
    }
}
