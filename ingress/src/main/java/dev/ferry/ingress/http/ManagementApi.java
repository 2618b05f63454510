package dev.ferry.ingress.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.ingress.ops.Operations;
import dev.ferry.ingress.ops.TooManyRequests;
import io.javalin.Javalin;

/**
 * The management listener of a process that runs no ingress (a worker or webhooks process): health and metrics only,
 * on {@code FERRY_MANAGEMENT_HOST}:{@code FERRY_MANAGEMENT_PORT}. {@code /health} answers as {@code /health/ready}.
 */
public final class ManagementApi {

    private final Operations operations;
    private final ObjectMapper mapper;

    public ManagementApi(Operations operations, ObjectMapper mapper) {
        this.operations = operations;
        this.mapper = mapper;
    }

    public Javalin create() {
        HttpErrorMapper errors = new HttpErrorMapper(mapper, new TooManyRequests(operations.registry()));
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            new OperationsRoutes(operations, () -> !operations.readiness().results().containsValue(false), mapper,
                    errors).register(config.routes);
            errors.register(config.routes);
        });
    }
}
