package dev.ferry.ingress.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.error.FerryException;
import dev.ferry.tokens.TokenCounter;
import dev.ferry.ingress.tokens.TokenCountingPool;
import dev.ferry.providers.ProviderRouter;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * {@code POST /openai/v1/responses/input_tokens} and {@code /openai/responses/input_tokens}: counts the input tokens
 * of a Responses request and answers OpenAI's native shape, {@code {"object":"response.input_tokens",
 * "input_tokens":N}}. Counting is local ({@link TokenCounter}); nothing is forwarded to a provider and there is no
 * async mode, so {@code x-bf-async} is rejected. The body is read without holding a thread, and large bodies are
 * parsed and counted on the {@link TokenCountingPool}, which stops a count whose client hung up.
 */
final class InputTokensRoutes {

    static final String ASYNC_HEADER = "x-bf-async";
    private static final String[] PATHS = {"/openai/v1/responses/input_tokens", "/openai/responses/input_tokens"};

    private final RequestBodies bodies;
    private final ProviderRouter router;
    private final TokenCounter counter;
    private final TokenCountingPool pool;
    private final ObjectMapper mapper;

    InputTokensRoutes(
            RequestBodies bodies, ProviderRouter router, TokenCounter counter, TokenCountingPool pool,
            ObjectMapper mapper) {
        this.bodies = bodies;
        this.router = router;
        this.counter = counter;
        this.pool = pool;
        this.mapper = mapper;
    }

    void register(RoutesConfig routes) {
        for (String path : PATHS) {
            routes.post(path, this::count);
        }
    }

    private void count(Context ctx) {
        String async = ctx.header(ASYNC_HEADER);
        if (async != null && !async.isEmpty()) {
            throw new FerryException.InvalidRequest("async operation is not supported on this route", ASYNC_HEADER,
                    "unsupported_parameter");
        }
        ctx.future(() -> bodies.read(ctx)
                .thenCompose(body -> pool.count(body.length, () -> ConnectionWatch.of(ctx),
                        checkpoint -> count(body, checkpoint)))
                .thenAccept(tokens -> {
                    ObjectNode answer = mapper.createObjectNode();
                    answer.put("object", "response.input_tokens");
                    answer.put("input_tokens", tokens);
                    ctx.contentType("application/json").result(answer.toString());
                }));
    }

    /** Parses a body and counts its tokens; package-private so the path can be fuzzed without a request. */
    int count(byte[] body, Runnable checkpoint) {
        ObjectNode request = bodies.parseResponsesRequest(body, null);
        ProviderRouter.Route route = router.route(request.get("model").asText());
        return counter.count(route.provider(), route.upstreamModel(), request, checkpoint);
    }
}
