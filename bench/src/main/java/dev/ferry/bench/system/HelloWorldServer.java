package dev.ferry.bench.system;

import io.javalin.Javalin;

/** The baseline: the smallest Javalin 7 endpoint, {@code GET /hello} answering {@code {}}, in the bench JVM. */
public final class HelloWorldServer implements AutoCloseable {

    private final Javalin javalin;

    private HelloWorldServer(Javalin javalin) {
        this.javalin = javalin;
    }

    public static HelloWorldServer start() {
        Javalin javalin = Javalin.create(cfg -> {
            cfg.routes.get("/hello", ctx -> ctx.result("{}"));
            cfg.startup.showJavalinBanner = false;
        }).start("127.0.0.1", 0);
        return new HelloWorldServer(javalin);
    }

    public int port() {
        return javalin.port();
    }

    @Override
    public void close() {
        javalin.stop();
    }
}
