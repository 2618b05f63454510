package dev.ferry.ingress.http;

import dev.ferry.ingress.auth.Authenticator;
import io.javalin.http.Context;
import java.util.Collections;
import java.util.List;

/**
 * Authenticates every matched request except health checks and names the principal it acts for; jobs belong to it.
 * With authentication off every caller is the same anonymous principal, which is why Ferry then listens on loopback.
 */
final class Callers {

    private static final String PRINCIPAL = "ferry.principal";

    private final Authenticator authenticator;

    Callers(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    /** A before-handler: rejects the request with 401 unless its credentials are valid. */
    void authenticate(Context ctx) {
        if (ctx.path().equals("/health")) {
            return;
        }
        List<String> authorization = ctx.req().getHeaders("Authorization") == null
                ? List.of()
                : Collections.list(ctx.req().getHeaders("Authorization"));
        ctx.attribute(PRINCIPAL,
                authenticator.authenticate(authorization, ctx.header("x-bf-vk"), ctx.header("x-api-key")));
    }

    String owner(Context ctx) {
        String principal = ctx.attribute(PRINCIPAL);
        if (principal == null) {
            throw new IllegalStateException("the request was not authenticated");
        }
        return principal;
    }
}
