package dev.ferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command's HTTP client against a real loopback server that answers from a script, one step per request. */
class FerryHttpTest {

    private static final String FILE = "{\"custom_id\":\"line-0\"}\n".repeat(2_000);

    /** What the server does with one request. */
    private enum Step { UNAVAILABLE, BREAK_OFF, NOT_FOUND, ANSWER }

    private final Deque<Step> script = new ConcurrentLinkedDeque<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final List<Duration> pauses = new ArrayList<>();
    private HttpServer server;
    private FerryHttp http;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
        http = new FerryHttp("http://127.0.0.1:" + server.getAddress().getPort(), null, Duration.ofSeconds(10),
                pauses::add);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void shouldAskForABatchAgainAfterTheRetryAfterOfEach503() throws Exception {
        script.addAll(List.of(Step.UNAVAILABLE, Step.UNAVAILABLE, Step.ANSWER));

        assertEquals("batch_1", http.batch("batch_1").path("id").asText());

        assertEquals(3, requests.get());
        assertEquals(List.of(Duration.ofSeconds(2), Duration.ofSeconds(2)), pauses);
    }

    @Test
    void shouldDownloadTheWholeFileWhenAnAttemptBreaksOff() throws Exception {
        script.addAll(List.of(Step.BREAK_OFF, Step.UNAVAILABLE, Step.ANSWER));
        Path target = dir.resolve("out.jsonl");

        http.download("file-1", target);

        assertEquals(FILE, Files.readString(target));
        assertFalse(Files.exists(dir.resolve("out.jsonl.part")), "the partial download was moved in place");
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)), pauses);
    }

    @Test
    void shouldGiveUpWithoutWritingTheFileWhenDownloadsKeepBreakingOff() {
        for (int i = 0; i < 20; i++) {
            script.add(Step.BREAK_OFF);
        }
        Path target = dir.resolve("out.jsonl");

        assertThrows(IOException.class, () -> http.download("file-1", target));

        assertFalse(Files.exists(target), "a part of the file is never left where the whole would be");
        assertEquals(Duration.ofSeconds(10), pauses.stream().reduce(Duration.ZERO, Duration::plus));
    }

    @Test
    void shouldNotAskAgainWhenTheAnswerIsFinal() {
        script.addAll(List.of(Step.NOT_FOUND, Step.ANSWER));

        FerryHttp.Failure failure = assertThrows(FerryHttp.Failure.class, () -> http.file("file-1"));

        assertEquals(404, failure.status());
        assertEquals(1, requests.get());
        assertEquals(List.of(), pauses);
    }

    @Test
    void shouldSendACreationOnceEvenWhenRefused() {
        script.addAll(List.of(Step.UNAVAILABLE, Step.ANSWER));

        FerryHttp.Failure failure = assertThrows(FerryHttp.Failure.class,
                () -> http.createBatch("file-1", "/v1/responses"));

        assertEquals(503, failure.status());
        assertEquals(1, requests.get());
    }

    private void answer(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        exchange.getRequestBody().readAllBytes();
        Step step = script.isEmpty() ? Step.ANSWER : script.removeFirst();
        boolean content = exchange.getRequestURI().getPath().endsWith("/content");
        byte[] body = (content ? FILE : "{\"id\":\"batch_1\"}").getBytes(StandardCharsets.UTF_8);
        switch (step) {
            case UNAVAILABLE -> {
                exchange.getResponseHeaders().add("Retry-After", "2");
                send(exchange, 503, "{\"error\":{\"message\":\"the job store is rebalancing; retry shortly\"}}");
            }
            case NOT_FOUND -> send(exchange, 404, "{\"error\":{\"message\":\"No such file\"}}");
            case BREAK_OFF -> {
                // promises the whole file, sends half of it and closes the connection
                exchange.sendResponseHeaders(200, body.length);
                OutputStream out = exchange.getResponseBody();
                out.write(body, 0, body.length / 2);
                out.flush();
                exchange.close();
            }
            case ANSWER -> {
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
