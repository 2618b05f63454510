package dev.ferry.ingress.http;

import io.javalin.http.Context;

/**
 * Names the principal a request acts for; jobs belong to it. Until authentication is configured every caller is the
 * same anonymous principal, which is why Ferry then listens on loopback only.
 */
final class Callers {

    static final String ANONYMOUS = "anonymous";

    String owner(Context ctx) {
        return ANONYMOUS;
    }
}
