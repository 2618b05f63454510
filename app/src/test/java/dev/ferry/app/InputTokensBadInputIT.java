package dev.ferry.app;

import static dev.ferry.app.RunningFerry.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.config.MockProviderSettings;
import dev.ferry.core.serde.Json;
import dev.ferry.embeddedkafka.KafkaBroker;
import dev.ferry.mockprovider.MockProviderServer;
import dev.ferry.testsupport.Http;
import dev.ferry.testsupport.HttpResult;
import dev.ferry.testsupport.KafkaBrokerExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bad-input catalogue (reliability notes §3) for the input-token routes, {@code POST
 * /openai/v1/responses/input_tokens} and {@code /openai/responses/input_tokens}, over real HTTP: malformed JSON,
 * nesting, duplicate keys, wrong types, huge bodies and inputs, and the async header. Every bad request gets a 4xx
 * with OpenAI's error shape, none a 5xx, and a valid count between the bad requests is still answered correctly.
 */
@ExtendWith(KafkaBrokerExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InputTokensBadInputIT {

    private static final List<String> PATHS =
            List.of("/openai/v1/responses/input_tokens", "/openai/responses/input_tokens");
    private static final String HELLO = "{\"model\":\"openai/gpt-4o\",\"input\":\"Hello, world!\"}";
    private static final int MIB = 1024 * 1024;
    private static final Duration RAW_TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final List<String> SERVER_ERRORS = Collections.synchronizedList(new ArrayList<>());

    private static MockProviderServer mock;
    private static RunningFerry ferry;

    @BeforeAll
    static void startFerry(KafkaBroker broker, @TempDir Path stateDir) throws Exception {
        mock = new MockProviderServer(new MockProviderSettings("127.0.0.1", 0, Duration.ZERO, 0.0),
                Json.newMapper(), new Random(14)).start();
        ferry = RunningFerry.start(RunningFerry.environment(broker, mock.baseUrl(), stateDir));
    }

    @AfterAll
    static void stopFerry() {
        if (ferry != null) {
            ferry.close();
        }
        if (mock != null) {
            mock.close();
        }
    }

    /** Between every two bad inputs, a valid count; it must be the same as ever. */
    @AfterEach
    void countAValidInputBetweenBadRequests() {
        HttpResult count = seen("valid count", Http.post(ferry.url(PATHS.get(0)), HELLO));
        assertEquals(200, count.status(), count.body());
        assertEquals(11, json(count).path("input_tokens").asInt(), count.body());
        assertEquals(200, seen("health", Http.get(ferry.url("/health"))).status());
    }

    static Stream<Arguments> malformedJson() {
        return Stream.of(
                Arguments.of("an unfinished object", "{"),
                Arguments.of("a trailing comma", "{\"model\":\"openai/gpt-4o\",\"input\":\"x\",}"),
                Arguments.of("NaN", "{\"model\":\"openai/gpt-4o\",\"input\":\"x\",\"temperature\":NaN}"),
                Arguments.of("duplicate keys", "{\"model\":\"openai/gpt-4o\",\"input\":\"x\",\"input\":\"xxxxxx\"}"),
                Arguments.of("duplicate models", "{\"model\":\"openai/gpt-4o\",\"input\":\"x\",\"model\":\"openai/gpt-4\"}"),
                Arguments.of("an empty body", ""),
                Arguments.of("null", "null"),
                Arguments.of("a JSON array", "[" + HELLO + "]"),
                Arguments.of("two objects", HELLO + HELLO),
                Arguments.of("single quotes", "{'model':'openai/gpt-4o','input':'x'}"),
                Arguments.of("a comment", "{\"model\":\"openai/gpt-4o\",/* hi */\"input\":\"x\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedJson")
    @Order(10)
    void shouldRejectMalformedJsonAsInvalidJson(String what, String body) {
        for (String path : PATHS) {
            HttpResult result = seen(what, Http.post(ferry.url(path), body));

            assertInvalidRequest(result, null);
            assertEquals("invalid_json", json(result).path("error").path("code").asText(), path + " " + what);
        }
    }

    @ParameterizedTest(name = "depth {0}")
    @ValueSource(ints = {100, 100_000})
    @Order(20)
    void shouldRejectDeeplyNestedJson(int depth) {
        String inInput = "{\"model\":\"openai/gpt-4o\",\"input\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
        String inContent = "{\"model\":\"openai/gpt-4o\",\"input\":[{\"role\":\"user\",\"content\":"
                + "[".repeat(depth) + "]".repeat(depth) + "}]}";
        String unclosed = "{\"input\":" + "{\"a\":".repeat(depth);
        for (String body : List.of(inInput, inContent, unclosed)) {
            HttpResult result = seen("depth " + depth, Http.post(ferry.url(PATHS.get(0)), body));

            assertInvalidRequest(result, null);
            assertEquals("invalid_json", json(result).path("error").path("code").asText());
        }
    }

    static Stream<Arguments> wrongTypes() {
        return Stream.of(
                Arguments.of("{\"model\":1,\"input\":\"x\"}", "model"),
                Arguments.of("{\"model\":null,\"input\":\"x\"}", "model"),
                Arguments.of("{\"model\":[\"openai/gpt-4o\"],\"input\":\"x\"}", "model"),
                Arguments.of("{\"input\":\"x\"}", "model"),
                Arguments.of("{\"model\":\"anthropic/claude-x\",\"input\":\"x\"}", "model"),
                // a model of a configured provider that Ferry cannot count (openai/llama-3) is no bad input any
                // more: its provider is asked to count it (BifrostMigrationIT)
                Arguments.of("{\"model\":\"openai/gpt-4o\",\"input\":{}}", "input"),
                Arguments.of("{\"model\":\"openai/gpt-4o\",\"input\":42}", "input"),
                Arguments.of("{\"model\":\"openai/gpt-4o\"}", "input"),
                Arguments.of("{\"model\":\"openai/gpt-4o\",\"input\":[\"just a string\"]}", "input"),
                Arguments.of("{\"model\":\"openai/gpt-4o\",\"input\":[42]}", "input"),
                Arguments.of("{\"model\":\"openai/gpt-4o\",\"input\":[{\"role\":\"user\",\"content\":42}]}", "input"),
                Arguments.of("{\"model\":\"openai/gpt-4o\",\"input\":[{\"role\":\"user\",\"content\":{}}]}", "input"),
                Arguments.of("{\"model\":\"openai/gpt-4o\",\"input\":\"x\",\"stream\":\"yes\"}", "stream"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongTypes")
    @Order(30)
    void shouldNameTheFieldWhoseTypeIsWrong(String body, String param) {
        for (String path : PATHS) {
            assertInvalidRequest(seen(body, Http.post(ferry.url(path), body)), param);
        }
    }

    @ParameterizedTest(name = "x-bf-async: {0}")
    @ValueSource(strings = {"true", "1", "false"})
    @Order(40)
    void shouldRejectTheAsyncHeaderNamingIt(String value) {
        for (String path : PATHS) {
            HttpResult result = seen("async " + value, Http.post(ferry.url(path), HELLO, Map.of("x-bf-async", value)));

            assertInvalidRequest(result, "x-bf-async");
            assertEquals("unsupported_parameter", json(result).path("error").path("code").asText());
        }
    }

    @Test
    @Order(50)
    void shouldRejectInvalidUtf8InTheInput() {
        byte[] body = concat("{\"model\":\"openai/gpt-4o\",\"input\":\"a".getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xC3, 0x28}, "b\"}".getBytes(StandardCharsets.UTF_8));

        assertInvalidRequest(seen("invalid UTF-8", postBytes(PATHS.get(0), body)), null);
    }

    @Test
    @Order(60)
    void shouldRefuseABodyWhoseDeclaredLengthIsOverTheLimitBeforeReadingIt() throws Exception {
        String head = head(PATHS.get(0), "Content-Length: " + 9 * MIB);
        try (Socket socket = RawHttp.open(port(), RAW_TIMEOUT)) {
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write("{\"model\":\"openai/gpt-4o\",\"input\":\"".getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();

            RawHttp.Response response = seen("declared 9 MiB", RawHttp.read(socket.getInputStream()));

            assertPayloadTooLarge(response);
        }
    }

    @Test
    @Order(61)
    void shouldRefuseANineMebibyteBodySentWithItsLength() throws Exception {
        byte[] body = withInput(" ".repeat(9 * MIB));

        RawHttp.Response response = seen("9 MiB", uploadWhileReading(
                head(PATHS.get(1), "Content-Length: " + body.length), out -> out.write(body)));

        assertPayloadTooLarge(response);
    }

    @Test
    @Order(62)
    void shouldRefuseAnEndlessChunkedBodyOnceItPassesTheLimit() throws Exception {
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) ' ');
        byte[] size = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);

        RawHttp.Response response = seen("endless chunked", uploadWhileReading(
                head(PATHS.get(0), "Transfer-Encoding: chunked"), out -> {
                    for (int sent = 0; sent < 9 * MIB; sent += chunk.length) {
                        out.write(size);
                        out.write(chunk);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                }));

        assertPayloadTooLarge(response);
    }

    /** Inputs just under the body limit, of the shapes that are slowest to tokenize, are counted, not refused. */
    @ParameterizedTest(name = "runs of [{0}]")
    @ValueSource(strings = {" ", "a", "1", "!", "\\n", "汉", "😀", "ab1 "})
    @Order(70)
    void shouldCountTheLargestInputsOfEveryShape(String unit) {
        int units = (8_000_000 - 64) / unit.getBytes(StandardCharsets.UTF_8).length;
        byte[] body = withInput(unit.repeat(units));

        HttpResult result = seen("huge " + unit, postBytes(PATHS.get(0), body));

        assertEquals(200, result.status(), result.body());
        assertTrue(json(result).path("input_tokens").asInt() > 1000, result.body());
    }

    @Test
    @Order(71)
    void shouldCountAHugeArrayOfSmallItems() {
        StringBuilder input = new StringBuilder("[");
        for (int i = 0; i < 100_000; i++) {
            input.append(i == 0 ? "" : ",").append("{\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"")
                    .append(i).append("\"}]}");
        }
        String body = "{\"model\":\"openai/gpt-4o\",\"input\":" + input.append(']') + "}";

        HttpResult result = seen("100000 items", Http.post(ferry.url(PATHS.get(0)), body));

        assertEquals(200, result.status(), result.body());
        assertTrue(json(result).path("input_tokens").asInt() > 100_000 * 5, result.body());
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void shouldHaveAnsweredNoBadInputWithA5xx() {
        assertEquals(List.of(), SERVER_ERRORS, "bad input must never cause a 5xx");
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private static HttpResult seen(String what, HttpResult result) {
        if (result.status() >= 500) {
            SERVER_ERRORS.add(what + " -> " + result.status() + " " + result.body());
        }
        return result;
    }

    private static RawHttp.Response seen(String what, RawHttp.Response response) {
        if (response.status() >= 500) {
            SERVER_ERRORS.add(what + " -> " + response.status() + " " + response.body());
        }
        return response;
    }

    private static void assertInvalidRequest(HttpResult result, String param) {
        assertEquals(400, result.status(), result.body());
        assertTrue(String.valueOf(result.header("Content-Type")).startsWith("application/json"), result.body());
        JsonNode error = json(result).path("error");
        assertEquals("invalid_request_error", error.path("type").asText(), result.body());
        assertTrue(error.has("message") && error.has("param") && error.has("code"), result.body());
        if (param == null) {
            assertTrue(error.path("param").isNull(), result.body());
        } else {
            assertEquals(param, error.path("param").asText(), result.body());
        }
    }

    private static void assertPayloadTooLarge(RawHttp.Response response) throws IOException {
        assertEquals(413, response.status(), response.body());
        JsonNode error = RunningFerry.JSON.readTree(response.body()).path("error");
        assertEquals("payload_too_large", error.path("code").asText(), response.body());
        assertEquals("invalid_request_error", error.path("type").asText(), response.body());
    }

    private static String head(String path, String framing) {
        return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" + framing
                + "\r\n\r\n";
    }

    private static byte[] withInput(String input) {
        return ("{\"model\":\"openai/gpt-4o\",\"input\":\"" + input + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static int port() {
        return URI.create(ferry.url("/")).getPort();
    }

    private static HttpResult postBytes(String path, byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(ferry.url(path))).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return new HttpResult(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    private interface Upload {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes the request from another thread while this one reads the answer, as a client streaming an upload. */
    private static RawHttp.Response uploadWhileReading(String head, Upload body) throws Exception {
        try (Socket socket = RawHttp.open(port(), RAW_TIMEOUT)) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    out.write(head.getBytes(StandardCharsets.US_ASCII));
                    body.writeTo(out);
                    out.flush();
                } catch (IOException hungUp) {
                    // the server answered and closed before the upload ended
                }
            });
            try {
                return RawHttp.read(in);
            } finally {
                writer.cancel(true);
            }
        }
    }
}
