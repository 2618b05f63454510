package dev.ferry.ingress.http;

import dev.ferry.ingress.auth.Authenticator;
import io.javalin.http.Context;
import java.util.Collections;
import java.util.Enumeration;
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
        String principal = authenticator.authenticate(
                every(ctx, "Authorization"), every(ctx, "x-bf-vk"), every(ctx, "x-api-key"));
        rateLimiter.acquire(principal);
        ctx.attribute(PRINCIPAL, principal);
    }

    /** Every value of header {@code name}, in order: a header sent twice is two values, never merged. */
    private static List<String> every(Context ctx, String name) {
        Enumeration<String> values = ctx.req().getHeaders(name);
        return values == null ? List.of() : Collections.list(values);
    }

    String owner(Context ctx) {
        String principal = ctx.attribute(PRINCIPAL);
        if (principal == null) {
            throw new IllegalStateException("the request was not authenticated");
        }
        return principal;
    }
}
