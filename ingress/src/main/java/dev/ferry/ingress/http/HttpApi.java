package dev.ferry.ingress.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.knuddels.jtokkit.Encodings;
import dev.ferry.core.config.HttpSettings;
import dev.ferry.ingress.IngressServices;
import dev.ferry.ingress.jobs.AsyncJobs;
import dev.ferry.tokens.TokenCounter;
import dev.ferry.ingress.ops.Operations;
import dev.ferry.ingress.ops.TooManyRequests;
import dev.ferry.providers.ProviderRouter;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.compression.Gzip;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Builds the Javalin server: its limits, its routes and its single error mapping. */
public final class HttpApi {

    private static final int RESULT_COPY_BYTES = 4096;

    private final HttpSettings settings;
    private final ObjectMapper mapper;
    private final IngressServices services;

    public HttpApi(HttpSettings settings, ObjectMapper mapper, IngressServices services) {
        this.settings = settings;
        this.mapper = mapper;
        this.services = services;
    }

    /** Ingress's authentication, parser and cluster token check, lent to route extensions. */
    private record Tools(Callers callers, RequestBodies bodies, InternalRoutes internal) implements RouteTools {
        @Override
        public String owner(io.javalin.http.Context ctx) {
            return callers.owner(ctx);
        }

        @Override
        public com.fasterxml.jackson.databind.node.ObjectNode parseResponsesRequest(byte[] body) {
            return bodies.parseResponsesRequest(body, null);
        }

        @Override
        public void requireClusterToken(io.javalin.http.Context ctx) {
            internal.requireClusterToken(ctx);
        }
    }

    public Javalin create() {
        ProviderRouter router = services.router();
        AsyncJobs jobs = services.jobs();
        Duration providerTimeout = services.providerTimeout();
        RequestBodies bodies = new RequestBodies(mapper, router,
                new BoundedBody(settings.maxBodyBytes(), settings.minRequestDataRate(), System::nanoTime));
        JobBodies views = new JobBodies(mapper);
        Callers callers = new Callers(services.authenticator(), new RateLimiter(settings.rateLimitPerSecond(), System::nanoTime));
        Operations operations = services.operations();
        TooManyRequests tooManyRequests = new TooManyRequests(operations.registry());
        HttpErrorMapper errors = new HttpErrorMapper(mapper, tooManyRequests);
        BackgroundStreams streams =
                new BackgroundStreams(services.streams().hub(), jobs, views, services.streams().checks());
        JobSubmits submits = new JobSubmits(jobs, views, callers, streams);
        ResponsesRoutes responses = new ResponsesRoutes(bodies, jobs, submits, views, router, providerTimeout,
                callers, tooManyRequests);
        AsyncRoutes async = new AsyncRoutes(bodies, jobs, submits, views, callers);
        BackgroundRoutes background = new BackgroundRoutes(jobs, services.cancellation(), views, callers, streams);
        InternalRoutes internal = new InternalRoutes(services.localLookup(), services.standbyLookup(), services.clusterToken(),
                services.authenticator().enabled(), mapper);
        InputTokensRoutes inputTokens = new InputTokensRoutes(bodies, router,
                new TokenCounter(Encodings.newLazyEncodingRegistry()), services.tokenCounting(), mapper, views,
                providerTimeout);
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = settings.maxBodyBytes();
            config.http.compressionStrategy = gzipDecidingJsonFirst();
            // Javalin copies every result into Jetty's output through a new buffer of this size (by default Jetty's
            // whole output buffer, 32 KiB): most answers are under 2 KiB, and bigger ones are copied in more steps
            config.http.responseBufferSize = RESULT_COPY_BYTES;
            config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorPages()));
            config.routes.beforeMatched(callers::authenticate);
            config.http.asyncTimeout = providerTimeout.plusSeconds(30).toMillis();
            // a known route asked with another method: 405 with Allow, written by the error mapper
            config.http.prefer405over404 = true;
            responses.register(config.routes);
            async.register(config.routes);
            background.register(config.routes);
            inputTokens.register(config.routes);
            internal.register(config.routes);
            RouteTools tools = new Tools(callers, bodies, internal);
            services.extensions().forEach(extension -> extension.register(config.routes, tools));
            new OperationsRoutes(operations, services.storeReady(), mapper, errors).register(config.routes);
            OpenApiDocument.load().register(config.routes);
            operations.overview().ifPresent(overview ->
                    new OperatorRoutes(overview, mapper).register(config.routes));
            errors.register(config.routes);
        });
    }

    /**
     * Javalin's default gzip, with JSON named among the types it may compress. Javalin asks on every response whether
     * its type may be compressed, before looking at its size; a type not named there is matched against every excluded
     * type, ignoring case, which was 5 % of a poll's CPU. JSON is excluded by none of them, so every answer is
     * compressed or not exactly as before.
     */
    private static CompressionStrategy gzipDecidingJsonFirst() {
        CompressionStrategy gzip = new CompressionStrategy(null, new Gzip());
        List<String> allowed = new ArrayList<>(gzip.getAllowedMimeTypes());
        allowed.add("application/json");
        gzip.setAllowedMimeTypes(allowed);
        return gzip;
    }
}
