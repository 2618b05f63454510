package dev.ferry.faultharness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One webhook endpoint for the harness, on a port of its own: checks each delivery's Standard Webhooks signature,
 * answers 200 after {@code latency}, and counts, per job, the distinct {@code webhook-id}s it received and every
 * delivery beyond the first of one id (a duplicate). It can go down (its port refuses connections) and come back on
 * the same port.
 */
final class WebhookReceiver implements AutoCloseable {

    private final ObjectMapper mapper = new ObjectMapper();
    private final int port;
    private final byte[] key;
    private final Duration latency;
    private final ExecutorService threads = Executors.newFixedThreadPool(64, runnable -> {
        Thread thread = new Thread(runnable, "webhook-receiver");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Set<String>> idsByJob = new ConcurrentHashMap<>();
    private final Map<String, Long> firstArrivalByJob = new ConcurrentHashMap<>();
    private final Set<String> seenIds = ConcurrentHashMap.newKeySet();
    private final AtomicInteger deliveries = new AtomicInteger();
    private final AtomicInteger duplicates = new AtomicInteger();
    private final AtomicInteger badSignatures = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong lastArrivalMs = new AtomicLong();
    private HttpServer server;

    WebhookReceiver(int port, String secret, Duration latency) {
        this.port = port;
        this.key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        this.latency = latency;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port + "/hook");
    }

    synchronized WebhookReceiver up() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 200);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + port, e);
        }
        server.createContext("/hook", this::handle);
        server.setExecutor(threads);
        server.start();
        return this;
    }

    /** Closes the port: connections are refused until {@link #up()}. */
    synchronized void down() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        open.incrementAndGet();
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
            String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
            if (id == null || timestamp == null || signature == null
                    || !constantTimeEquals(signature, sign(id, timestamp, body))) {
                badSignatures.incrementAndGet();
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            if (!latency.isZero()) {
                Thread.sleep(latency.toMillis());
            }
            JsonNode event = mapper.readTree(body);
            String job = event.path("data").path("id").asText();
            long now = System.currentTimeMillis();
            deliveries.incrementAndGet();
            if (!seenIds.add(id)) {
                duplicates.incrementAndGet();
            }
            idsByJob.computeIfAbsent(job, j -> ConcurrentHashMap.newKeySet()).add(id);
            firstArrivalByJob.putIfAbsent(job, now);
            lastArrivalMs.accumulateAndGet(now, Math::max);
            exchange.sendResponseHeaders(200, -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(503, -1);
        } finally {
            exchange.close();
            open.decrementAndGet();
        }
    }

    private String sign(String id, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Jobs heard of at least once. */
    Set<String> jobs() {
        return idsByJob.keySet();
    }

    Long firstArrival(String job) {
        return firstArrivalByJob.get(job);
    }

    int deliveries() {
        return deliveries.get();
    }

    int duplicates() {
        return duplicates.get();
    }

    int distinctIds() {
        return seenIds.size();
    }

    /** Jobs heard of under more than one webhook-id (a consumer deduplicating by id would see them twice). */
    long jobsWithSeveralIds() {
        return idsByJob.values().stream().filter(ids -> ids.size() > 1).count();
    }

    int badSignatures() {
        return badSignatures.get();
    }

    int openRequests() {
        return open.get();
    }

    long lastArrivalMs() {
        return lastArrivalMs.get();
    }

    static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        down();
        threads.shutdownNow();
    }
}
