package dev.ferry.ingress.http;

import io.javalin.config.RoutesConfig;

/**
 * Routes another module adds to ingress's HTTP server (the Files and Batch APIs do), so that they share its
 * listener, its authentication and its one error mapping: a handler throws
 * {@link dev.ferry.core.error.FerryException}s and ingress answers them in OpenAI's error shape.
 */
public interface RouteExtension {

    void register(RoutesConfig routes, RouteTools tools);

    /** Called once the listener serves the registered routes. */
    default void serving() {
    }
}
