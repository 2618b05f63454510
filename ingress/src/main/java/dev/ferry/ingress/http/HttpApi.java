package dev.ferry.ingress.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.core.config.HttpSettings;
import dev.ferry.core.config.AuthSettings;
import dev.ferry.ingress.auth.Authenticator;
import dev.ferry.ingress.jobs.AsyncJobs;
import java.util.List;
import dev.ferry.ingress.jobs.JobCancellation;
import java.util.concurrent.CompletableFuture;
import dev.ferry.ingress.tokens.InputTokensRoutes;
import dev.ferry.providers.ProviderRouter;
import io.javalin.Javalin;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Builds the Javalin server: its limits, its routes and its single error mapping. */
public final class HttpApi {

    private final HttpSettings settings;
    private final ObjectMapper mapper;
    private final AsyncJobs jobs;
    private final JobCancellation cancellation;
    private final Authenticator authenticator;
    private final ProviderRouter router;
    private final Duration providerTimeout;
    private final BooleanSupplier storeReady;

    public HttpApi(
            HttpSettings settings,
            ObjectMapper mapper,
            AsyncJobs jobs,
            JobCancellation cancellation,
            ProviderRouter router,
            Authenticator authenticator,
            Duration providerTimeout,
            BooleanSupplier storeReady) {
        this.settings = settings;
        this.authenticator = authenticator;
        this.mapper = mapper;
        this.jobs = jobs;
        this.cancellation = cancellation;
        this.router = router;
        this.providerTimeout = providerTimeout;
        this.storeReady = storeReady;
    }

    /** TEMPORARY: kept until the tests written against the older signature are updated. */
    public HttpApi(
            HttpSettings settings,
            ObjectMapper mapper,
            AsyncJobs jobs,
            ProviderRouter router,
            Duration providerTimeout,
            BooleanSupplier storeReady) {
        this(settings, mapper, jobs, new JobCancellation(jobs, control -> CompletableFuture.failedFuture(
                new IllegalStateException("no job controls")), java.time.Clock.systemUTC()), router,
                new Authenticator(new AuthSettings(List.of())), providerTimeout, storeReady);
    }

    public Javalin create() {
        RequestBodies bodies = new RequestBodies(mapper, router, new BoundedBody(settings.maxBodyBytes()));
        JobBodies views = new JobBodies(mapper);
        Callers callers = new Callers(authenticator, new RateLimiter(settings.rateLimitPerSecond(), System::nanoTime));
        HttpErrorMapper errors = new HttpErrorMapper(mapper);
        ResponsesRoutes responses = new ResponsesRoutes(bodies, jobs, views, router, providerTimeout, callers);
        AsyncRoutes async = new AsyncRoutes(bodies, jobs, views, callers);
        BackgroundRoutes background = new BackgroundRoutes(jobs, cancellation, views, callers);
        InputTokensRoutes inputTokens =
                InputTokensRoutes.withLocalTokenizers(bodies::parseResponsesRequest, router, mapper);
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = settings.maxBodyBytes();
            config.jetty.modifyHttpConfiguration(http -> http.setMinRequestDataRate(settings.minRequestDataRate()));
            config.routes.beforeMatched(callers::authenticate);
            config.http.asyncTimeout = providerTimeout.plusSeconds(30).toMillis();
            responses.register(config.routes);
            async.register(config.routes);
            background.register(config.routes);
            inputTokens.register(config.routes);
            config.routes.get("/health", ctx -> {
                boolean ready = storeReady.getAsBoolean();
                ctx.status(ready ? 200 : 503).contentType("application/json")
                        .result("{\"status\":\"" + (ready ? "ok" : "starting") + "\"}");
            });
            config.routes.exception(Exception.class, errors::handle);
            config.routes.error(404, "*", ctx -> {
                if (ctx.result() == null) {
                    errors.write(ctx, 404, "invalid_request_error", "no route for " + ctx.method() + " " + ctx.path(),
                            null, "unknown_route");
                }
            });
        });
    }
}
