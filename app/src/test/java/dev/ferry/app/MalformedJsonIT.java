package dev.ferry.app;

import static dev.ferry.app.BadInputFixture.HELLO;
import static dev.ferry.app.BadRequests.assertInvalidRequest;
import static dev.ferry.app.BadRequests.concat;
import static dev.ferry.app.BadRequests.postBytes;
import static dev.ferry.app.RunningFerry.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.testsupport.Http;
import dev.ferry.core.serde.Json;
import dev.ferry.testsupport.HttpResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bodies that are not the JSON of a Responses request: malformed, trailing content, a byte order mark,
 * deep nesting, invalid UTF-8, lone surrogates. Each gets an OpenAI-style 400 (or, where JSON allows it, becomes a
 * job that completes), never a 5xx; see {@link BadInputFixture} for what every bad-input IT checks besides.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MalformedJsonIT {

    @RegisterExtension
    static final BadInputFixture inputs = new BadInputFixture();

    static Stream<Arguments> malformedJson() {
        return Stream.of(
                Arguments.of("an unfinished object", "{"),
                Arguments.of("a trailing comma", "{\"model\":\"mock/echo\",\"input\":\"x\",}"),
                Arguments.of("NaN", "{\"model\":\"mock/echo\",\"input\":\"x\",\"temperature\":NaN}"),
                Arguments.of("duplicate keys", "{\"model\":\"mock/echo\",\"input\":\"x\",\"model\":\"mock/other\"}"),
                Arguments.of("an empty body", ""),
                Arguments.of("null", "null"),
                Arguments.of("a JSON array", "[" + HELLO + "]"),
                Arguments.of("a JSON string", "\"" + HELLO.replace("\"", "\\\"") + "\""),
                Arguments.of("single quotes", "{'model':'mock/echo','input':'x'}"),
                Arguments.of("a comment", "{\"model\":\"mock/echo\",/* hi */\"input\":\"x\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedJson")
    @Order(10)
    void shouldRejectMalformedJsonAsInvalidJson(String what, String body) {
        for (String path : List.of("/openai/v1/responses", "/v1/async/responses")) {
            HttpResult result = inputs.seen(what,
                    Http.post(inputs.open().url(path), body, Map.of("x-bf-async", "true")));

            assertInvalidRequest(result, null);
            assertEquals("invalid_json", json(result).path("error").path("code").asText(), path + " " + what);
        }
    }

    @Test
    @Order(11)
    void shouldRejectTrailingContentAfterTheJsonObject() {
        HttpResult result = inputs.seen("two objects",
                inputs.open().submit(HELLO + "{\"model\":\"mock/evil\",\"input\":\"y\"}", Map.of()));

        if (result.status() == 200) {
            inputs.accepted(inputs.open(), result.header("x-bf-async-id"), Map.of());
        }
        assertInvalidRequest(result, null);
        assertEquals("invalid_json", json(result).path("error").path("code").asText());
    }

    /**
     * RFC 8259 §8.1 lets a parser ignore a byte order mark, and Jackson does: the request is the one without it. The
     * catalogue lists a BOM as malformed; Ferry accepts it, and the job it becomes completes like any other.
     */
    @Test
    @Order(12)
    void shouldReadABodyWithAUtf8ByteOrderMarkAsTheSameRequest() {
        HttpResult result = inputs.seen("BOM", postBytes(inputs.open(), "/openai/v1/responses",
                concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, HELLO.getBytes(StandardCharsets.UTF_8)),
                Map.of("x-bf-async", "true")));

        assertEquals(200, result.status(), result.body());
        inputs.accepted(inputs.open(), result.header("x-bf-async-id"), Map.of());
    }

    @ParameterizedTest(name = "depth {0}")
    @ValueSource(ints = {100, 100_000})
    @Order(40)
    void shouldRejectDeeplyNestedJson(int depth) {
        String open = "[".repeat(depth);
        String unclosed = open;
        String closedInInput = "{\"model\":\"mock/echo\",\"input\":" + open + "]".repeat(depth) + "}";
        String deepMetadata = "{\"model\":\"mock/echo\",\"input\":\"x\",\"metadata\":"
                + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}";
        for (String body : List.of(unclosed, closedInInput, deepMetadata)) {
            HttpResult result = inputs.seen("depth " + depth, inputs.open().submit(body, Map.of()));

            assertInvalidRequest(result, null);
            assertEquals("invalid_json", json(result).path("error").path("code").asText());
        }
    }

    /**
     * The deepest requests ingress accepts run like any other (the job is carried as the request itself, so the worker
     * and the store decode it under the same limit); the final check of this class sees each complete.
     */
    @ParameterizedTest(name = "depth {0}")
    @ValueSource(ints = {Json.MAX_NESTING_DEPTH - 1, Json.MAX_NESTING_DEPTH})
    @Order(41)
    void shouldRunARequestNestedUpToTheLimit(int depth) {
        String nested = "[".repeat(depth - 1) + "\"deep\"" + "]".repeat(depth - 1);
        String body = "{\"model\":\"mock/echo\",\"input\":\"deep\",\"metadata_probe\":" + nested + "}";
        HttpResult result = inputs.seen("depth " + depth, inputs.open().submit(body, Map.of()));

        assertEquals(200, result.status(), result.body());
        inputs.accepted(inputs.open(), result.header("x-bf-async-id"), Map.of());
    }

    @Test
    @Order(42)
    void shouldRejectARequestOneLevelPastTheLimit() {
        int depth = Json.MAX_NESTING_DEPTH + 1;
        String nested = "[".repeat(depth - 1) + "]".repeat(depth - 1);
        String body = "{\"model\":\"mock/echo\",\"input\":\"deep\",\"metadata_probe\":" + nested + "}";
        HttpResult result = inputs.seen("depth " + depth, inputs.open().submit(body, Map.of()));

        assertInvalidRequest(result, null);
        assertEquals("invalid_json", json(result).path("error").path("code").asText());
    }

    static Stream<Arguments> invalidUtf8() {
        return Stream.of(
                Arguments.of("a bad continuation byte", new byte[] {(byte) 0xC3, 0x28}),
                Arguments.of("a byte that never starts UTF-8", new byte[] {(byte) 0xFF}),
                Arguments.of("a truncated sequence", new byte[] {(byte) 0xE2, (byte) 0x82}),
                Arguments.of("a raw NUL", new byte[] {0x00}),
                Arguments.of("a raw newline", new byte[] {0x0A}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidUtf8")
    @Order(50)
    void shouldRejectInvalidUtf8OrRawControlBytesInsideAString(String what, byte[] bad) {
        byte[] body = concat("{\"model\":\"mock/echo\",\"input\":\"a".getBytes(StandardCharsets.UTF_8), bad,
                "b\"}".getBytes(StandardCharsets.UTF_8));

        HttpResult result = inputs.seen(what,
                postBytes(inputs.open(), "/openai/v1/responses", body, Map.of("x-bf-async", "true")));

        assertInvalidRequest(result, null);
    }

    /**
     * A lone surrogate is legal JSON syntax ({@code "\ud800"}) that no UTF-8 text can carry. Ferry either refuses it
     * with a 400 or accepts the job and completes it; it never fails with a 5xx or loses the job.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"\\ud800", "\\udfff", "x\\ud83d", "\\ude00x", "\\u0000", "\\u202etxt.exe"})
    @Order(51)
    void shouldRefuseOrCompleteALoneSurrogateOrControlEscape(String escape) {
        String body = "{\"model\":\"mock/echo\",\"input\":\"" + escape + "\"}";
        for (String path : List.of("/openai/v1/responses", "/openai/responses")) {
            Map<String, String> headers = path.equals("/openai/v1/responses") ? Map.of("x-bf-async", "true") : Map.of();

            HttpResult result = inputs.seen(escape, Http.post(inputs.open().url(path), body, headers));

            if (result.status() == 200 && result.header("x-bf-async-id") != null) {
                inputs.accepted(inputs.open(), result.header("x-bf-async-id"), Map.of());
            } else if (result.status() != 200) {
                assertInvalidRequest(result, null);
            }
        }
        HttpResult modelWithSurrogate = inputs.seen("surrogate in model",
                inputs.open().submit("{\"model\":\"mock/" + escape + "\",\"input\":\"x\"}", Map.of()));
        if (modelWithSurrogate.status() == 200) {
            inputs.accepted(inputs.open(), modelWithSurrogate.header("x-bf-async-id"), Map.of());
        } else {
            assertInvalidRequest(modelWithSurrogate, "model");
        }
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void shouldHaveCompletedEveryAcceptedJobAndAnsweredNoBadInputWithA5xx() {
        inputs.assertNoServerErrorAndEveryAcceptedJobCompleted();
    }
}
