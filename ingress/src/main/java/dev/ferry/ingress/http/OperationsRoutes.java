package dev.ferry.ingress.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.ingress.ops.Operations;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The routes every Ferry process serves, with or without ingress, and without credentials: {@code /health/live}
 * (the process answers), {@code /health/ready} (it can serve what its roles serve), {@code /health} (kept as it was:
 * the job store answers) and {@code /metrics} (Prometheus text; 404 while metrics are off).
 */
final class OperationsRoutes {

    static final String METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** Paths anyone may call: health checks and metrics carry no tenant data (SECURITY.md). */
    static final Set<String> OPEN_PATHS = Set.of("/health", "/health/live", "/health/ready", "/metrics",
            OpenApiDocument.PATH);

    private final Operations operations;
    private final BooleanSupplier legacyHealth;
    private final ObjectMapper mapper;
    private final HttpErrorMapper errors;

    /**
     * @param legacyHealth what {@code /health} has always answered: on ingress, whether the job store answers
     */
    OperationsRoutes(Operations operations, BooleanSupplier legacyHealth, ObjectMapper mapper, HttpErrorMapper errors) {
        this.operations = operations;
        this.legacyHealth = legacyHealth;
        this.mapper = mapper;
        this.errors = errors;
    }

    void register(RoutesConfig routes) {
        routes.get("/health", ctx -> {
            boolean ready = legacyHealth.getAsBoolean();
            ctx.status(ready ? 200 : 503).contentType("application/json")
                    .result("{\"status\":\"" + (ready ? "ok" : "starting") + "\"}");
        });
        routes.get("/health/live", ctx -> ctx.contentType("application/json").result("{\"status\":\"alive\"}"));
        routes.get("/health/ready", this::ready);
        routes.get("/metrics", this::metrics);
    }

    private void ready(Context ctx) {
        Map<String, Boolean> results = operations.readiness().results();
        boolean ready = !results.containsValue(false);
        ObjectNode body = mapper.createObjectNode();
        body.put("status", ready ? "ready" : "not_ready");
        ObjectNode checks = body.putObject("checks");
        results.forEach(checks::put);
        ctx.status(ready ? 200 : 503).contentType("application/json").result(body.toString());
    }

    private void metrics(Context ctx) {
        if (operations.scrape().isEmpty()) {
            errors.write(ctx, 404, "invalid_request_error", "metrics are off (FERRY_METRICS_ENABLED=false)", null,
                    "metrics_disabled");
            return;
        }
        ctx.contentType(METRICS_CONTENT_TYPE).result(operations.scrape().get().get());
    }
}
