package dev.ferry.batch.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.core.error.FerryException;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Downloads as a client meets them, over real HTTP to a Javalin server. */
class TransfersTest {

    private static final int LINE_BYTES = 100;
    private static final int LINES = 5_000; // 500 kB: far more than Jetty buffers before the response is committed

    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Javalin server;

    @BeforeEach
    void start() {
        Transfers transfers = new Transfers(pool);
        server = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.get("/whole", ctx -> transfers.stream(ctx, "application/jsonl", out -> {
                for (int i = 0; i < LINES; i++) {
                    out.write(line(i));
                }
            }));
            config.routes.get("/broken-midway", ctx -> transfers.stream(ctx, "application/jsonl", out -> {
                for (int i = 0; i < LINES; i++) {
                    if (i == LINES / 2) {
                        throw unavailable();
                    }
                    out.write(line(i));
                }
            }));
            config.routes.get("/broken-at-once", ctx -> transfers.stream(ctx, "application/jsonl", out -> {
                out.write(line(0));
                throw unavailable();
            }));
            config.routes.exception(FerryException.StoreUnavailable.class, (e, ctx) ->
                    ctx.status(503).contentType("application/json").result("{\"error\":{\"message\":\""
                            + e.getMessage() + "\",\"type\":\"server_error\",\"param\":null,\"code\":\"" + e.code()
                            + "\"}}"));
        }).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        server.stop();
        pool.shutdownNow();
    }

    @Test
    void shouldSendAWholeDownload() throws Exception {
        HttpResponse<String> answer = get("/whole");

        assertEquals(200, answer.statusCode());
        assertEquals(LINES * LINE_BYTES, answer.body().length());
        assertTrue(answer.body().endsWith(new String(line(LINES - 1), StandardCharsets.UTF_8)));
    }

    @Test
    void shouldCutTheConnectionWhenADownloadFailsAfterItsFirstBytesWereSent() {
        // a complete 200 here would be a file that ends half way and looks whole
        IOException broken = assertThrows(IOException.class, () -> get("/broken-midway"));

        assertTrue(broken.getMessage() != null, "the client is told why the transfer broke");
    }

    @Test
    void shouldAnswerWithTheErrorWhenADownloadFailsBeforeAnythingWasSent() throws Exception {
        HttpResponse<String> answer = get("/broken-at-once");

        assertEquals(503, answer.statusCode());
        assertTrue(answer.body().startsWith("{\"error\":{\"message\":\"the job store is rebalancing"), answer.body());
        assertEquals("application/json", answer.headers().firstValue("content-type").orElse(""));
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] line(int index) {
        String prefix = "{\"custom_id\":\"line-" + index + "\",\"pad\":\"";
        return (prefix + "x".repeat(LINE_BYTES - prefix.length() - 3) + "\"}\n").getBytes(StandardCharsets.UTF_8);
    }

    private static FerryException.StoreUnavailable unavailable() {
        return new FerryException.StoreUnavailable("the job store is rebalancing; retry shortly", Duration.ofSeconds(1));
    }
}
