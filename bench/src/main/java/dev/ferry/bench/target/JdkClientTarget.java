package dev.ferry.bench.target;

import dev.ferry.bench.load.Caller;
import dev.ferry.bench.load.Target;
import dev.ferry.statestore.query.LookupHttpClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The mock provider's create endpoint called through the JDK HTTP client exactly as a Ferry node builds it for its
 * forwarded lookups ({@link LookupHttpClient}; provider calls used it until they moved to Jetty's client), shared
 * by all load-generator threads. Against the bench's own minimal client it shows what that client alone adds to a
 * synchronous call.
 */
public final class JdkClientTarget implements Target, AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ExecutorService executor = Executors.newFixedThreadPool(LookupHttpClient.EXECUTOR_THREADS,
            runnable -> {
                Thread thread = new Thread(runnable, "bench-jdk-client");
                thread.setDaemon(true);
                return thread;
            });
    private final HttpClient client = LookupHttpClient.create(executor);
    private final HttpRequest request;

    public JdkClientTarget(int mockPort, String body) {
        URI uri = URI.create("http://" + HttpTargets.HOST + ":" + mockPort + "/v1/responses");
        this.request = HttpRequest.newBuilder(uri)
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
    }

    @Override
    public String name() {
        return "mock-jdk-client";
    }

    @Override
    public Caller newCaller() {
        return new Caller() {
            @Override
            public boolean call(long intendedNanos) throws Exception {
                return client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).get().statusCode() == 200;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
