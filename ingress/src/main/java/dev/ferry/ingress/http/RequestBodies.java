package dev.ferry.ingress.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.error.FerryException;
import dev.ferry.providers.FallbackChain;
import dev.ferry.providers.ProviderRouter;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/** Parses and checks the body of a Responses create request before anything is queued or forwarded. */
final class RequestBodies {

    private static final int MAX_MODEL_LENGTH = 256;
    /** Line breaks, NUL, escapes, bidi overrides and zero-width characters: nothing a model name needs. */
    private static final Pattern CONTROL_OR_FORMAT = Pattern.compile("[\\p{Cc}\\p{Cf}]");

    private final ObjectReader strictReader;
    private final FallbackChain fallbacks;
    private final BoundedBody body;

    RequestBodies(ObjectMapper mapper, ProviderRouter router, BoundedBody body) {
        this.strictReader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.fallbacks = new FallbackChain(router);
        this.body = body;
    }

    /**
     * Reads the request's body without holding a thread while it arrives (see {@link BoundedBody}); call it inside
     * {@code ctx.future}'s supplier.
     */
    CompletableFuture<byte[]> read(Context ctx) {
        return body.read(ctx);
    }

    /**
     * Reads the request's body and parses it as a Responses create request; call it inside {@code ctx.future}'s
     * supplier.
     *
     * @param routeModel a model named by the route (Azure's deployment) that replaces the body's, or null
     */
    CompletableFuture<ObjectNode> readResponsesRequest(Context ctx, String routeModel) {
        return body.read(ctx).thenApply(bytes -> parseResponsesRequest(bytes, routeModel));
    }

    /** Parses already-read body bytes; package-private so the parser can be fuzzed without an HTTP request. */
    ObjectNode parseResponsesRequest(byte[] body, String routeModel) {
        JsonNode tree = parse(body);
        if (!(tree instanceof ObjectNode request)) {
            throw new FerryException.InvalidRequest("the request body must be a JSON object", null, "invalid_json");
        }
        if (routeModel != null) {
            request.put("model", routeModel);
        }
        JsonNode model = request.get("model");
        if (model == null || !model.isTextual() || model.asText().isBlank()) {
            throw new FerryException.InvalidRequest("'model' is required and must be a non-empty string", "model",
                    "missing_required_parameter");
        }
        if (model.asText().length() > MAX_MODEL_LENGTH) {
            throw new FerryException.InvalidRequest(
                    "'model' must be at most " + MAX_MODEL_LENGTH + " characters", "model");
        }
        if (CONTROL_OR_FORMAT.matcher(model.asText()).find()) {
            throw new FerryException.InvalidRequest(
                    "'model' must not contain control or invisible formatting characters", "model");
        }
        fallbacks.routes(request);
        JsonNode input = request.get("input");
        if (input == null || !(input.isTextual() || input.isArray())) {
            throw new FerryException.InvalidRequest("'input' is required and must be a string or an array", "input",
                    input == null ? "missing_required_parameter" : "invalid_type");
        }
        JsonNode stream = request.get("stream");
        if (stream != null && !stream.isBoolean() && !stream.isNull()) {
            throw new FerryException.InvalidRequest("'stream' must be a boolean", "stream", "invalid_type");
        }
        return request;
    }

    static boolean wantsStream(ObjectNode request) {
        return request.path("stream").asBoolean(false);
    }

    private JsonNode parse(byte[] body) {
        if (body.length == 0) {
            throw new FerryException.InvalidRequest("the request body is empty; send a JSON object", null,
                    "invalid_json");
        }
        try {
            return strictReader.readTree(body);
        } catch (JacksonException e) {
            throw new FerryException.InvalidRequest("the request body is not valid JSON: " + e.getOriginalMessage(),
                    null, "invalid_json");
        } catch (IOException e) {
            throw new FerryException.InvalidRequest("the request body could not be read", null, "invalid_json");
        }
    }
}
