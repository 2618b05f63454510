package dev.ferry.ingress.http;

import dev.ferry.core.error.FerryException;
import dev.ferry.ingress.auth.Authenticator;
import io.javalin.http.Context;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * Authenticates every matched request except health checks, metrics and the OpenAPI document, and names the principal
 * it acts for; jobs belong to it. The operator page ({@code /ui…}) is for operators only: a tenant's valid key gets
 * 403. With authentication off every caller is the same anonymous principal, which is why Ferry then listens on
 * loopback, and that principal is the operator.
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
        if (OperationsRoutes.OPEN_PATHS.contains(ctx.path()) || ctx.path().startsWith(InternalRoutes.PREFIX)) {
            return;
        }
        String principal = authenticator.authenticate(
                every(ctx, "Authorization"), every(ctx, "x-bf-vk"), every(ctx, "x-api-key"));
        if (isOperatorPath(ctx) && !authenticator.isAdmin(principal)) {
            throw new FerryException.PermissionDenied("the operator page is for operators only");
        }
        rateLimiter.acquire(principal);
        ctx.attribute(PRINCIPAL, principal);
    }

    /** The operator page and its data, for which a browser asks with Basic credentials. */
    static boolean isOperatorPath(Context ctx) {
        String path = ctx.path();
        return path.equals(OperatorRoutes.PREFIX) || path.startsWith(OperatorRoutes.PREFIX + "/");
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
