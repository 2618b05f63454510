package dev.ferry.ingress.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.error.FerryException;
import dev.ferry.tokens.TokenCounter;
import dev.ferry.ingress.tokens.TokenCountingPool;
import dev.ferry.core.job.JobError;
import dev.ferry.providers.ProviderOutcome;
import dev.ferry.providers.ProviderRouter;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code POST /openai/v1/responses/input_tokens}, {@code /openai/responses/input_tokens} and Azure's
 * {@code /openai/openai/deployments/{deployment-id}/responses/input_tokens}: counts the input tokens of a Responses
 * request and answers OpenAI's native shape, {@code {"object":"response.input_tokens","input_tokens":N}}. Models of
 * the OpenAI families are counted locally ({@link TokenCounter}); any other model is counted by its provider's own
 * {@code POST /responses/input_tokens}, whose answer (or error, with its status) is passed on as it came. There is no
 * async mode, so {@code x-bf-async} is rejected. The body is read without holding a thread, and large bodies are
 * parsed and counted on the {@link TokenCountingPool}, which stops a count whose client hung up.
 */
final class InputTokensRoutes {

    static final String ASYNC_HEADER = "x-bf-async";
    private static final String[] PATHS = {"/openai/v1/responses/input_tokens", "/openai/responses/input_tokens"};
    private static final String AZURE_PATH =
            "/openai/openai/deployments/{" + AzureDeployments.PATH_PARAM + "}/responses/input_tokens";

    /** A parsed request that no local tokenizer fits: its provider counts it. */
    private record ForProvider(ProviderRouter.Route route, ObjectNode request) {
    }

    private final RequestBodies bodies;
    private final ProviderRouter router;
    private final TokenCounter counter;
    private final TokenCountingPool pool;
    private final ObjectMapper mapper;
    private final JobBodies views;
    private final Duration providerTimeout;

    InputTokensRoutes(
            RequestBodies bodies,
            ProviderRouter router,
            TokenCounter counter,
            TokenCountingPool pool,
            ObjectMapper mapper,
            JobBodies views,
            Duration providerTimeout) {
        this.bodies = bodies;
        this.router = router;
        this.counter = counter;
        this.pool = pool;
        this.mapper = mapper;
        this.views = views;
        this.providerTimeout = providerTimeout;
    }

    void register(RoutesConfig routes) {
        for (String path : PATHS) {
            routes.post(path, ctx -> count(ctx, null, null));
        }
        routes.post(AZURE_PATH, ctx -> count(ctx, AzureDeployments.model(ctx), AzureDeployments.apiVersion(ctx)));
    }

    private void count(Context ctx, String routeModel, String azureApiVersion) {
        String async = ctx.header(ASYNC_HEADER);
        if (async != null && !async.isEmpty()) {
            throw new FerryException.InvalidRequest("async operation is not supported on this route", ASYNC_HEADER,
                    "unsupported_parameter");
        }
        AtomicReference<ForProvider> forProvider = new AtomicReference<>();
        ctx.future(() -> bodies.read(ctx)
                .thenCompose(body -> pool.count(body.length, () -> ConnectionWatch.of(ctx), checkpoint -> {
                    ObjectNode request = AzureDeployments.withApiVersion(
                            bodies.parseResponsesRequest(body, routeModel), azureApiVersion);
                    ProviderRouter.Route route = router.route(request.get("model").asText());
                    if (TokenCounter.encodingFor(route.provider(), route.upstreamModel()).isEmpty()) {
                        forProvider.set(new ForProvider(route, request));
                        return -1;
                    }
                    return counter.count(route.provider(), route.upstreamModel(), request, checkpoint);
                }))
                .thenCompose(tokens -> tokens >= 0
                        ? CompletableFuture.completedFuture(answer(ctx, tokens))
                        : askProvider(ctx, forProvider.get())));
    }

    private Context answer(Context ctx, int tokens) {
        ObjectNode answer = mapper.createObjectNode();
        answer.put("object", "response.input_tokens");
        answer.put("input_tokens", tokens);
        return ctx.contentType("application/json").result(views.bytes(answer));
    }

    private CompletableFuture<Context> askProvider(Context ctx, ForProvider call) {
        return call.route().client().countInputTokens(call.route().upstreamModel(), call.request(), providerTimeout)
                .thenApply(outcome -> {
                    ctx.contentType("application/json");
                    if (outcome instanceof ProviderOutcome.Success success) {
                        success.headers().forEach(ctx::header);
                        return ctx.result(success.response().utf8());
                    }
                    JobError error = ((ProviderOutcome.Failure) outcome).error();
                    error.providerHeaders().forEach(ctx::header);
                    return ctx.status(error.httpStatus()).result(views.bytes(views.errorBody(error)));
                });
    }

    /** Parses a body and counts its tokens locally; package-private so the path can be fuzzed without a request. */
    int count(byte[] body, Runnable checkpoint) {
        ObjectNode request = bodies.parseResponsesRequest(body, null);
        ProviderRouter.Route route = router.route(request.get("model").asText());
        return counter.count(route.provider(), route.upstreamModel(), request, checkpoint);
    }
}
