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
    private final RateLimiter rateLimiter;

    Callers(Authenticator authenticator, RateLimiter rateLimiter) {
        this.authenticator = authenticator;
        this.rateLimiter = rateLimiter;
    }

    /** A before-handler: 401 unless the credentials are valid, 429 once the principal's rate is used up. */
    void authenticate(Context ctx) {
        if (ctx.path().equals("/health") || ctx.path().startsWith(InternalRoutes.PREFIX)) {
            return;
        }
        List<String> authorization = ctx.req().getHeaders("Authorization") == null
                ? List.of()
                : Collections.list(ctx.req().getHeaders("Authorization"));
        String principal = authenticator.authenticate(authorization, ctx.header("x-bf-vk"), ctx.header("x-api-key"));
        rateLimiter.acquire(principal);
        ctx.attribute(PRINCIPAL, principal);
    }

    String owner(Context ctx) {
        String principal = ctx.attribute(PRINCIPAL);
        if (principal == null) {
            throw new IllegalStateException("the request was not authenticated");
        }
        return principal;
    }
}
