package dev.ferry.faultharness;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Open-loop async submits to one gateway at a fixed rate; remembers every job a 2xx was answered for, with when.
 * (Kept apart from {@link OpenLoopSubmitter}, which the job scenarios audit in more ways than webhooks need.)
 */
final class WebhookLoad implements AutoCloseable {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    private final Map<String, Long> acceptedAtMs = new ConcurrentHashMap<>();
    private final AtomicInteger refused = new AtomicInteger();
    private final URI submit;

    WebhookLoad(URI gateway) {
        this.submit = gateway.resolve("/openai/v1/responses");
    }

    void run(double ratePerSecond, Duration duration) throws InterruptedException {
        long periodMicros = Math.round(1_000_000 / ratePerSecond);
        long count = Math.round(ratePerSecond * duration.toMillis() / 1000.0);
        AtomicInteger sent = new AtomicInteger();
        ticker.scheduleAtFixedRate(() -> {
            if (sent.incrementAndGet() <= count) {
                submitOne(sent.get());
            }
        }, 0, periodMicros, TimeUnit.MICROSECONDS);
        Thread.sleep(duration.toMillis());
        ticker.shutdown();
        ticker.awaitTermination(10, TimeUnit.SECONDS);
    }

    private void submitOne(int n) {
        HttpRequest request = HttpRequest.newBuilder(submit).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json").header("x-bf-async", "true")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"mock/echo\",\"input\":\"webhook " + n + "\"}"))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error == null && response.statusCode() == 200) {
                response.headers().firstValue("x-bf-async-id")
                        .ifPresent(id -> acceptedAtMs.put(id, System.currentTimeMillis()));
            } else {
                refused.incrementAndGet();
            }
        });
    }

    Map<String, Long> accepted() {
        return Map.copyOf(acceptedAtMs);
    }

    int refused() {
        return refused.get();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
