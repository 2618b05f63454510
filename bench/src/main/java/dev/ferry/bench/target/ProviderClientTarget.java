package dev.ferry.bench.target;

import dev.ferry.bench.load.Caller;
import dev.ferry.bench.load.Target;
import dev.ferry.providers.ProviderHttpClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpMethod;

/**
 * The mock provider's create endpoint called through {@link ProviderHttpClient}, the Jetty client a Ferry node makes
 * its provider calls with, the way a synchronous provider call uses it (the whole answer buffered under a total
 * timeout). Against the bench's own minimal client it shows what Ferry's provider client alone adds to a call.
 */
public final class ProviderClientTarget implements Target, AutoCloseable {

    private static final long TIMEOUT_MS = 30_000;
    private static final int MAX_ANSWER_BYTES = 16 * 1024 * 1024;

    private final ProviderHttpClient client = ProviderHttpClient.start();
    private final URI uri;
    private final String body;

    public ProviderClientTarget(int mockPort, String body) {
        this.uri = URI.create("http://" + HttpTargets.HOST + ":" + mockPort + "/v1/responses");
        this.body = body;
    }

    @Override
    public String name() {
        return "mock-provider-client";
    }

    @Override
    public Caller newCaller() {
        return new Caller() {
            @Override
            public boolean call(long intendedNanos) throws Exception {
                CompletableFuture<Integer> status = new CompletableFuture<>();
                client.newRequest(uri)
                        .method(HttpMethod.POST)
                        .body(new StringRequestContent("application/json", body, StandardCharsets.UTF_8))
                        .timeout(TIMEOUT_MS, TimeUnit.MILLISECONDS)
                        .send(new BufferingResponseListener(MAX_ANSWER_BYTES) {
                            @Override
                            public void onComplete(Result result) {
                                if (result.isFailed()) {
                                    status.completeExceptionally(result.getFailure());
                                } else {
                                    status.complete(result.getResponse().getStatus());
                                }
                            }
                        });
                return status.get() == 200;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void close() throws Exception {
        client.close();
    }
}
