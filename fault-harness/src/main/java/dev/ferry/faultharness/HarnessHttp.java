package dev.ferry.faultharness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The harness's HTTP client. Nothing here throws for a failed exchange: a connection refused, reset or timed out is
 * an {@link Answer} with status -1 and the error's description, which is how a client sees a killed gateway.
 */
final class HarnessHttp implements AutoCloseable {

    /** One HTTP exchange's outcome; {@code status} -1 when no HTTP answer came. */
    record Answer(int status, String body, Optional<String> asyncId, Optional<String> retryAfter, String error) {

        boolean is2xx() {
            return status >= 200 && status < 300;
        }
    }

    private final ExecutorService executor;
    private final HttpClient client;
    private final Duration requestTimeout;

    HarnessHttp(Duration requestTimeout) {
        this.executor = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "fault-harness-http");
            thread.setDaemon(true);
            return thread;
        });
        this.client = HttpClient.newBuilder()
                .executor(executor)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        this.requestTimeout = requestTimeout;
    }

    Answer get(URI uri) {
        return getAsync(uri).join();
    }

    CompletableFuture<Answer> getAsync(URI uri) {
        return sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(15)).GET().build());
    }

    CompletableFuture<Answer> postAsync(URI uri, Map<String, String> headers, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        headers.forEach(request::setHeader);
        return sendAsync(request.build());
    }

    private CompletableFuture<Answer> sendAsync(HttpRequest request) {
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .handle((response, error) -> {
                    if (error != null) {
                        Throwable cause = error.getCause() != null ? error.getCause() : error;
                        String kind = cause instanceof IOException || cause instanceof RuntimeException
                                ? cause.getClass().getSimpleName() : cause.toString();
                        return new Answer(-1, "", Optional.empty(), Optional.empty(), kind);
                    }
                    return new Answer(response.statusCode(), response.body(),
                            response.headers().firstValue("x-bf-async-id"),
                            response.headers().firstValue("Retry-After"), "");
                });
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
