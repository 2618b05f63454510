package dev.ferry.batch.expand;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.batch.files.JsonLines;
import dev.ferry.core.batch.BatchLineError;
import dev.ferry.core.error.FerryException;
import java.io.IOException;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks one line of a batch's input file: a JSON object with a {@code custom_id} unique in the file,
 * {@code method:"POST"}, the batch's {@code url} and a {@code body} that ingress itself would accept as a Responses
 * request (the very parser of ingress's routes, so a line is accepted exactly when the same request sent on its own
 * would be).
 */
public final class LineValidator {

    /** A line that passed: its {@code custom_id} and its request. */
    public record ValidLine(String customId, ObjectNode request) {
    }

    private static final int MAX_CUSTOM_ID = 512;

    private final ObjectReader reader;
    private final ObjectMapper mapper;
    private final Function<byte[], ObjectNode> responsesParser;
    private final String endpoint;

    /**
     * @param payloads the payload mapper (ingress's limits on depth and duplicate keys)
     * @param responsesParser ingress's Responses request parser; throws {@link FerryException.InvalidRequest}
     * @param endpoint the batch's endpoint, which every line's {@code url} must name
     */
    public LineValidator(ObjectMapper payloads, Function<byte[], ObjectNode> responsesParser, String endpoint) {
        this.mapper = payloads;
        this.reader = payloads.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.responsesParser = responsesParser;
        this.endpoint = endpoint;
    }

    /**
     * @param seen the custom ids of earlier lines; this line's is added when it is new
     * @return the valid line, or throws
     * @throws LineRejected naming what is wrong, with the line's number
     */
    public ValidLine check(JsonLines.Line line, Set<String> seen) {
        if (line.tooLong()) {
            throw rejected(line, "line_too_long", "the line is longer than the largest request Ferry accepts", null);
        }
        JsonNode tree;
        try {
            tree = reader.readTree(line.bytes());
        } catch (JacksonException e) {
            throw rejected(line, "invalid_json_line", "the line is not valid JSON: " + e.getOriginalMessage(), null);
        } catch (IOException e) {
            throw rejected(line, "invalid_json_line", "the line could not be read", null);
        }
        if (!(tree instanceof ObjectNode object)) {
            throw rejected(line, "invalid_json_line", "the line must be a JSON object", null);
        }
        JsonNode customId = object.get("custom_id");
        if (customId == null || !customId.isTextual() || customId.asText().isEmpty()) {
            throw rejected(line, "missing_required_parameter", "'custom_id' is required and must be a non-empty "
                    + "string", "custom_id");
        }
        if (customId.asText().length() > MAX_CUSTOM_ID) {
            throw rejected(line, "invalid_value", "'custom_id' must be at most " + MAX_CUSTOM_ID + " characters",
                    "custom_id");
        }
        if (!"POST".equals(object.path("method").asText(null))) {
            throw rejected(line, "invalid_method", "'method' must be \"POST\"", "method");
        }
        if (!endpoint.equals(object.path("url").asText(null))) {
            throw rejected(line, "invalid_url", "'url' must be the batch's endpoint \"" + endpoint + "\"", "url");
        }
        JsonNode body = object.get("body");
        if (!(body instanceof ObjectNode)) {
            throw rejected(line, "invalid_request", "'body' must be a JSON object holding a Responses request", "body");
        }
        if (body.path("stream").asBoolean(false)) {
            throw rejected(line, "invalid_request", "'body.stream' is not supported in a batch", "body.stream");
        }
        ObjectNode request;
        try {
            request = responsesParser.apply(mapper.writeValueAsBytes(body));
        } catch (FerryException.InvalidRequest e) {
            throw rejected(line, "invalid_request", e.getMessage(), e.param() == null ? "body" : "body." + e.param());
        } catch (IOException e) {
            throw rejected(line, "invalid_request", "'body' could not be read", "body");
        }
        if (!seen.add(customId.asText())) {
            throw rejected(line, "duplicate_custom_id", "the custom_id '" + customId.asText()
                    + "' appears on an earlier line; each must be unique within the batch", "custom_id");
        }
        return new ValidLine(customId.asText(), request);
    }

    private static LineRejected rejected(JsonLines.Line line, String code, String message, String param) {
        return new LineRejected(new BatchLineError(code, message, param, line.number()));
    }

    /** A bad line, with OpenAI's description of what is wrong. */
    public static final class LineRejected extends RuntimeException {
        private final BatchLineError error;

        LineRejected(BatchLineError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }

        public BatchLineError error() {
            return error;
        }
    }
}
