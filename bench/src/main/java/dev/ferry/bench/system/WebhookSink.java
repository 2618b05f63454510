package dev.ferry.bench.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A zero-latency webhook receiver: answers 200 at once and notes when the first delivery about each job arrived
 * ({@code System.nanoTime()}, the clock the job-events watcher uses).
 */
public final class WebhookSink implements AutoCloseable {

    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8, runnable -> {
        Thread thread = new Thread(runnable, "bench-webhook-sink");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Long> arrivalNanos = new ConcurrentHashMap<>();
    private final AtomicLong deliveries = new AtomicLong();

    public WebhookSink() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        server.createContext("/hook", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    private void handle(HttpExchange exchange) throws IOException {
        long now = System.nanoTime();
        try {
            JsonNode event = mapper.readTree(exchange.getRequestBody().readAllBytes());
            arrivalNanos.putIfAbsent(event.path("data").path("id").asText(), now);
            deliveries.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
        } finally {
            exchange.close();
        }
    }

    /** When the first delivery about {@code jobId} arrived, or null. */
    public Long arrivalNanos(String jobId) {
        return arrivalNanos.get(jobId);
    }

    public long deliveries() {
        return deliveries.get();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
