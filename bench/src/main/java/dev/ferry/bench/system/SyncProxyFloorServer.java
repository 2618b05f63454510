package dev.ferry.bench.system;

import dev.ferry.bench.http.BufferedPost;
import dev.ferry.providers.ProviderHttpClient;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * The floor under a synchronous call through a gateway: the smallest Javalin server that passes the request body
 * unread to the mock's {@code /v1/responses} through Ferry's provider client and answers with the mock's bytes, the
 * handler released while the call runs (as Ferry's is). No JSON parsed, no routing, no validation: the two HTTP hops
 * any gateway on this machine adds to a call, and nothing else.
 */
public final class SyncProxyFloorServer implements AutoCloseable {

    private final ProviderHttpClient client;
    private final Javalin javalin;

    private SyncProxyFloorServer(ProviderHttpClient client, Javalin javalin) {
        this.client = client;
        this.javalin = javalin;
    }

    /** Serves {@code POST /openai/v1/responses}, passed on to the mock listening on {@code mockPort}. */
    public static SyncProxyFloorServer start(int mockPort) {
        ProviderHttpClient client = ProviderHttpClient.start();
        URI mock = URI.create("http://127.0.0.1:" + mockPort + "/v1/responses");
        Javalin javalin = Javalin.create(cfg -> {
            cfg.routes.post("/openai/v1/responses", ctx -> ctx.future(() -> forward(client, mock, ctx)));
            cfg.startup.showJavalinBanner = false;
        }).start("127.0.0.1", 0);
        return new SyncProxyFloorServer(client, javalin);
    }

    private static CompletableFuture<Void> forward(ProviderHttpClient client, URI mock, Context ctx) {
        return BufferedPost.send(client, mock, ctx.bodyAsBytes()).thenAccept(answer ->
                ctx.status(answer.status()).contentType("application/json").result(answer.body()));
    }

    public int port() {
        return javalin.port();
    }

    @Override
    public void close() throws Exception {
        javalin.stop();
        client.close();
    }
}
