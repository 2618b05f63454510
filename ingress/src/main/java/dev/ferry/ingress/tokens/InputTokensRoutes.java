package dev.ferry.ingress.tokens;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.knuddels.jtokkit.Encodings;
import dev.ferry.core.error.FerryException;
import dev.ferry.providers.ProviderRouter;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.function.Function;

/**
 * {@code POST /openai/v1/responses/input_tokens} and {@code /openai/responses/input_tokens}: counts the input tokens
 * of a Responses request and answers OpenAI's native shape, {@code {"object":"response.input_tokens",
 * "input_tokens":N}}. Counting is local ({@link TokenCounter}); nothing is forwarded to a provider and there is no
 * async mode, so {@code x-bf-async} is rejected.
 */
public final class InputTokensRoutes {

    static final String ASYNC_HEADER = "x-bf-async";
    private static final String[] PATHS = {"/openai/v1/responses/input_tokens", "/openai/responses/input_tokens"};

    private final Function<Context, ObjectNode> parser;
    private final ProviderRouter router;
    private final TokenCounter counter;
    private final ObjectMapper mapper;

    /**
     * @param parser parses and validates a Responses request body (model routes, input present), throwing
     *     {@link FerryException.InvalidRequest} otherwise
     */
    public InputTokensRoutes(
            Function<Context, ObjectNode> parser, ProviderRouter router, TokenCounter counter, ObjectMapper mapper) {
        this.parser = parser;
        this.router = router;
        this.counter = counter;
        this.mapper = mapper;
    }

    /** The routes with a counter over jtokkit's lazy registry: each encoding is loaded once, on first use. */
    public static InputTokensRoutes withLocalTokenizers(
            Function<Context, ObjectNode> parser, ProviderRouter router, ObjectMapper mapper) {
        return new InputTokensRoutes(parser, router, new TokenCounter(Encodings.newLazyEncodingRegistry()), mapper);
    }

    public void register(RoutesConfig routes) {
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
        ObjectNode request = parser.apply(ctx);
        ProviderRouter.Route route = router.route(request.get("model").asText());
        int tokens = counter.count(route.provider(), route.upstreamModel(), request);
        ObjectNode body = mapper.createObjectNode();
        body.put("object", "response.input_tokens");
        body.put("input_tokens", tokens);
        ctx.contentType("application/json").result(body.toString());
    }
}
