package dev.ferry.bench.target;

import dev.ferry.bench.http.BufferedPost;
import dev.ferry.bench.load.Caller;
import dev.ferry.bench.load.Target;
import dev.ferry.providers.ProviderHttpClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The mock provider's create endpoint called through {@link ProviderHttpClient}, the Jetty client a Ferry node makes
 * its provider calls with, the way a synchronous provider call uses it (the whole answer buffered under a total
 * timeout). Against the bench's own minimal client it shows what Ferry's provider client alone adds to a call.
 */
public final class ProviderClientTarget implements Target, AutoCloseable {

    private final ProviderHttpClient client = ProviderHttpClient.start();
    private final URI uri;
    private final byte[] body;

    public ProviderClientTarget(int mockPort, String body) {
        this.uri = URI.create("http://" + HttpTargets.HOST + ":" + mockPort + "/v1/responses");
        this.body = body.getBytes(StandardCharsets.UTF_8);
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
                return BufferedPost.send(client, uri, body).get().status() == 200;
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
