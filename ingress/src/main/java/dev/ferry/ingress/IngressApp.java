package dev.ferry.ingress;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.core.config.HttpSettings;
import dev.ferry.ingress.http.HttpApi;
import io.javalin.Javalin;

/** The HTTP ingress: Javalin serving the Responses routes, the async routes and health. */
public final class IngressApp implements AutoCloseable {

    private final HttpSettings settings;
    private final Javalin javalin;

    public IngressApp(HttpSettings settings, ObjectMapper mapper, IngressServices services) {
        this.settings = settings;
        this.javalin = new HttpApi(settings, mapper, services).create();
    }

    public IngressApp start() {
        javalin.start(settings.host(), settings.port());
        return this;
    }

    /** Every route registered, as {@code METHOD path}: what {@code /openapi.json} must document. */
    public java.util.List<String> routes() {
        return javalin.unsafe.internalRouter.allHttpHandlers().stream()
                .map(parsed -> parsed.endpoint)
                .filter(endpoint -> endpoint.method.isHttpMethod())
                .map(endpoint -> endpoint.method.name() + " " + endpoint.path)
                .toList();
    }

    /** The port actually bound (useful when configured as 0). */
    public int port() {
        return javalin.port();
    }

    @Override
    public void close() {
        javalin.stop();
    }
}
