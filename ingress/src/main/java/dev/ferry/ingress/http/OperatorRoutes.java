package dev.ferry.ingress.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.ingress.ops.OperatorOverview;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The operator page: {@code GET /ui} and its script and style, shipped inside the jar (no CDN: the page loads
 * nothing from elsewhere, and its Content-Security-Policy says so), and {@code GET /ui/api/overview}, the data it
 * plots. Every {@code /ui} path is for operators only; {@link Callers} refuses tenants before a handler runs.
 */
final class OperatorRoutes {

    static final String PREFIX = "/ui";
    private static final String RESOURCES = "/dev/ferry/ingress/ui/";
    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private final OperatorOverview overview;
    private final ObjectMapper mapper;
    private final byte[] page;
    private final byte[] script;
    private final byte[] style;

    OperatorRoutes(OperatorOverview overview, ObjectMapper mapper) {
        this.overview = overview;
        this.mapper = mapper;
        this.page = resource("index.html");
        this.script = resource("dashboard.js");
        this.style = resource("dashboard.css");
    }

    void register(RoutesConfig routes) {
        routes.get(PREFIX, ctx -> serve(ctx, "text/html; charset=utf-8", page));
        routes.get(PREFIX + "/dashboard.js", ctx -> serve(ctx, "text/javascript; charset=utf-8", script));
        routes.get(PREFIX + "/dashboard.css", ctx -> serve(ctx, "text/css; charset=utf-8", style));
        routes.get(PREFIX + "/api/overview", ctx -> serve(ctx, "application/json",
                mapper.writeValueAsBytes(overview.now())));
    }

    private static void serve(Context ctx, String contentType, byte[] body) {
        ctx.header("Content-Security-Policy", POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", "no-store")
                .contentType(contentType)
                .result(body);
    }

    private static byte[] resource(String name) {
        try (InputStream in = OperatorRoutes.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCES + name + " is missing from the ingress jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
