package dev.ferry.batch.expand;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.batch.files.JsonLines;
import dev.ferry.core.error.FerryException;
import dev.ferry.core.serde.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LineValidatorTest {

    private final ObjectMapper payloads = Json.newPayloadMapper();
    /** Stands in for ingress's parser: a request needs a model. */
    private final LineValidator validator = new LineValidator(payloads, this::parse, "/v1/responses");

    private ObjectNode parse(byte[] body) {
        try {
            ObjectNode request = (ObjectNode) payloads.readTree(body);
            if (!request.has("model")) {
                throw new FerryException.InvalidRequest("'model' is required", "model", "missing_required_parameter");
            }
            return request;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonLines.Line line(int number, String text) {
        return new JsonLines.Line(number, text.getBytes(StandardCharsets.UTF_8));
    }

    private String codeOf(String text, Set<String> seen) {
        return assertThrows(LineValidator.LineRejected.class, () -> validator.check(line(7, text), seen))
                .error().code();
    }

    @Test
    void shouldAcceptAResponsesRequestLine() {
        LineValidator.ValidLine valid = validator.check(line(1, "{\"custom_id\":\"a\",\"method\":\"POST\","
                + "\"url\":\"/v1/responses\",\"body\":{\"model\":\"mock/echo\",\"input\":\"hi\"}}"), new HashSet<>());

        assertEquals("a", valid.customId());
        assertEquals("mock/echo", valid.request().get("model").asText());
    }

    @Test
    void shouldNameWhatIsWrongWithABadLine() {
        String good = "{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/responses\",\"body\":{\"model\":\"m\"}}";
        assertEquals("invalid_json_line", codeOf("{\"custom_id\":", new HashSet<>()));
        assertEquals("invalid_json_line", codeOf("[1,2]", new HashSet<>()));
        assertEquals("invalid_json_line", codeOf("{\"a\":1,\"a\":2}", new HashSet<>()));
        assertEquals("missing_required_parameter", codeOf(good.replace("\"custom_id\":\"a\",", ""), new HashSet<>()));
        assertEquals("invalid_method", codeOf(good.replace("POST", "GET"), new HashSet<>()));
        assertEquals("invalid_url", codeOf(good.replace("/v1/responses", "/v1/embeddings"), new HashSet<>()));
        assertEquals("invalid_request", codeOf(good.replace("{\"model\":\"m\"}", "{\"input\":\"x\"}"),
                new HashSet<>()));
        assertEquals("invalid_request", codeOf(good.replace("{\"model\":\"m\"}", "{\"model\":\"m\",\"stream\":true}"),
                new HashSet<>()));
        assertEquals("duplicate_custom_id", codeOf(good, new HashSet<>(Set.of("a"))));
    }

    @Test
    void shouldReportTheLinesNumberAndTheFieldAtFault() {
        LineValidator.LineRejected rejected = assertThrows(LineValidator.LineRejected.class, () -> validator.check(
                line(42, "{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/responses\",\"body\":{}}"),
                new HashSet<>()));

        assertEquals(42, rejected.error().line());
        assertEquals("body.model", rejected.error().param());
    }
}
