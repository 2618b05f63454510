package dev.ferry.ingress;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.ingress.http.ManagementApi;
import dev.ferry.ingress.ops.Operations;
import io.javalin.Javalin;

/** The management listener of a worker-only or webhooks-only process: {@code /health…} and {@code /metrics}. */
public final class ManagementApp implements AutoCloseable {

    private final String host;
    private final int port;
    private final Javalin javalin;

    public ManagementApp(String host, int port, Operations operations, ObjectMapper mapper) {
        this.host = host;
        this.port = port;
        this.javalin = new ManagementApi(operations, mapper).create();
    }

    public ManagementApp start() {
        javalin.start(host, port);
        return this;
    }

    public int port() {
        return javalin.port();
    }

    @Override
    public void close() {
        javalin.stop();
    }
}
