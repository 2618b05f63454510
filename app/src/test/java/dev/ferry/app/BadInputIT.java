package dev.ferry.app;

import static dev.ferry.app.RunningFerry.json;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.config.MockProviderSettings;
import dev.ferry.core.serde.Json;
import dev.ferry.embeddedkafka.EmbeddedKafkaBroker;
import dev.ferry.providers.mock.MockProviderServer;
import dev.ferry.testsupport.Http;
import dev.ferry.testsupport.HttpResult;
import dev.ferry.testsupport.KafkaBrokerExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * The bad-input catalogue (reliability notes §3) against a running Ferry over real HTTP: every bad request gets a
 * 4xx, none a 5xx, and jobs accepted between the bad requests all still complete.
 *
 * <p>Nodes share the broker: an open one (no credentials) for most inputs, a keyed one
 * with API keys and a per-key rate of 5 requests a second for credentials and rate limits, and, started only by the
 * slow-client tests, one with Ferry's default minimum request data rate. Tenant isolation for polls (the same 404 for
 * another tenant's job as for an unknown one) is {@code AuthenticationIT}'s
 * {@code shouldHideAJobFromAnotherTenantExactlyLikeAnUnknownId}; this class adds cancel and delete.
 */
@ExtendWith(KafkaBrokerExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputIT {

    private static final String HELLO = "{\"model\":\"mock/echo\",\"input\":\"Hello, bad input\"}";
    private static final String TTL = "x-bf-async-job-result-ttl";
    private static final int MIB = 1024 * 1024;
    private static final Duration RAW_TIMEOUT = Duration.ofSeconds(20);

    private static final String MAIN_KEY = "ferry-main-key-0123456789";
    private static final String OTHER_KEY = "ferry-other-key-0123456789";
    private static final String BURST_KEY = "ferry-burst-key-0123456789";

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /** A job Ferry accepted, and the credentials that may poll it. */
    private record Accepted(RunningFerry node, String jobId, Map<String, String> credentials) {
    }

    private static final List<Accepted> ACCEPTED = Collections.synchronizedList(new ArrayList<>());
    private static final List<String> SERVER_ERRORS = Collections.synchronizedList(new ArrayList<>());
    private static final AtomicInteger ANSWERS = new AtomicInteger();

    private static MockProviderServer mock;
    private static RunningFerry ferry;
    private static RunningFerry keyed;
    private static RunningFerry rateGuarded;
    private static EmbeddedKafkaBroker kafka;
    private static Path rateGuardedStateDir;

    @BeforeAll
    static void startFerry(EmbeddedKafkaBroker broker, @TempDir Path stateDir, @TempDir Path keyedStateDir,
            @TempDir Path guardedStateDir) throws Exception {
        kafka = broker;
        rateGuardedStateDir = guardedStateDir;
        mock = new MockProviderServer(new MockProviderSettings("127.0.0.1", 0, Duration.ofMillis(20), 0.0),
                Json.newMapper(), new Random(11)).start();
        Map<String, String> open = new HashMap<>(RunningFerry.environment(broker, mock.baseUrl(), stateDir));
        ferry = RunningFerry.start(open);
        Map<String, String> withKeys = new HashMap<>(RunningFerry.environment(broker, mock.baseUrl(), keyedStateDir));
        withKeys.put("FERRY_API_KEYS", "main=" + MAIN_KEY + ",other=" + OTHER_KEY + ",burst=" + BURST_KEY);
        withKeys.put("FERRY_BASIC_USERS", "carol=carol-password");
        withKeys.put("FERRY_RATE_LIMIT_PER_SECOND", "5");
        keyed = RunningFerry.start(withKeys);
    }

    @AfterAll
    static void stopFerry() {
        if (rateGuarded != null) {
            rateGuarded.close();
        }
        if (keyed != null) {
            keyed.close();
        }
        if (ferry != null) {
            ferry.close();
        }
        if (mock != null) {
            mock.close();
        }
    }

    /** Between every two bad-input tests, a valid job goes in; the last test checks that they all completed. */
    @AfterEach
    void submitAValidJobBetweenBadRequests() {
        HttpResult submit = seen("valid submit between tests", ferry.submit(HELLO, Map.of()));
        assertEquals(200, submit.status(), "a valid job after bad input: " + submit.body());
        ACCEPTED.add(new Accepted(ferry, submit.header("x-bf-async-id"), Map.of()));
        assertEquals(200, seen("health", Http.get(ferry.url("/health"))).status());
    }

    // ---- malformed JSON -------------------------------------------------------------------------------------

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
            HttpResult result = seen(what, Http.post(ferry.url(path), body, Map.of("x-bf-async", "true")));

            assertInvalidRequest(result, null);
            assertEquals("invalid_json", json(result).path("error").path("code").asText(), path + " " + what);
        }
    }

    @Test
    @Order(11)
    void shouldRejectTrailingContentAfterTheJsonObject() {
        HttpResult result = seen("two objects", ferry.submit(HELLO + "{\"model\":\"mock/evil\",\"input\":\"y\"}",
                Map.of()));

        if (result.status() == 200) {
            ACCEPTED.add(new Accepted(ferry, result.header("x-bf-async-id"), Map.of()));
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
        HttpResult result = seen("BOM", postBytes(ferry, "/openai/v1/responses",
                concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, HELLO.getBytes(StandardCharsets.UTF_8)),
                Map.of("x-bf-async", "true")));

        assertEquals(200, result.status(), result.body());
        ACCEPTED.add(new Accepted(ferry, result.header("x-bf-async-id"), Map.of()));
    }

    // ---- wrong types ----------------------------------------------------------------------------------------

    static Stream<Arguments> wrongTypes() {
        return Stream.of(
                Arguments.of("{\"model\":1,\"input\":\"x\"}", "model"),
                Arguments.of("{\"model\":null,\"input\":\"x\"}", "model"),
                Arguments.of("{\"model\":[\"mock/echo\"],\"input\":\"x\"}", "model"),
                Arguments.of("{\"model\":\"mock/echo\",\"input\":{}}", "input"),
                Arguments.of("{\"model\":\"mock/echo\",\"input\":42}", "input"),
                Arguments.of("{\"model\":\"mock/echo\"}", "input"),
                Arguments.of("{\"model\":\"mock/echo\",\"input\":\"x\",\"stream\":\"yes\"}", "stream"),
                Arguments.of("{\"model\":\"mock/echo\",\"input\":\"x\",\"stream\":1}", "stream"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongTypes")
    @Order(20)
    void shouldNameTheFieldWhoseTypeIsWrong(String body, String param) {
        for (String path : List.of("/openai/v1/responses", "/v1/async/responses", "/openai/responses")) {
            assertInvalidRequest(seen(body, Http.post(ferry.url(path), body, Map.of("x-bf-async", "true"))), param);
        }
    }

    /** Fields a client adds to the body never become the job's id or owner (OWASP API3, mass assignment). */
    @Test
    @Order(21)
    void shouldNeverLetBodyFieldsChooseTheJobIdOrItsOwner() {
        String chosenId = UUID.randomUUID().toString();
        String body = "{\"model\":\"mock/echo\",\"input\":\"x\",\"owner\":\"other\",\"job_id\":\"" + chosenId
                + "\",\"id\":\"" + chosenId + "\",\"result_ttl_seconds\":999999999}";
        Map<String, String> main = bearer(MAIN_KEY);

        HttpResult submit = seen("mass assignment", keyed.submit(body, main));

        assertEquals(200, submit.status(), submit.body());
        String jobId = submit.header("x-bf-async-id");
        assertNotEquals(chosenId, jobId);
        ACCEPTED.add(new Accepted(keyed, jobId, main));
        assertEquals(404, seen("other polls", pollAs(keyed, jobId, bearer(OTHER_KEY))).status());
        assertEquals(404, seen("chosen id", pollAs(keyed, chosenId, main)).status());
    }

    /**
     * A model name reaches logs and the provider: control characters, line breaks and bidi overrides in it are
     * refused (the catalogue's "RTL override in model"). A newline in it forges a log line today: a failing job logs
     * {@code model=} verbatim (JobRunner.java:127).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mock/fail-400\\n2026-01-01T00:00:00.000+0000 [main] INFO Forged - admin logged in",
            "mock/echo\\r\\nx", "mock/echo\\u0000", "mock/\\u001b[31mred", "mock/\\u202etxt.exe"})
    @Order(22)
    void shouldRejectControlAndBidiCharactersInTheModelName(String model) {
        HttpResult result = seen("model " + model, ferry.submit("{\"model\":\"" + model + "\",\"input\":\"x\"}",
                Map.of()));

        assertInvalidRequest(result, "model");
    }

    /** Errors always have OpenAI's shape, including for a route that does not exist. */
    @Test
    @Order(23)
    void shouldAnswerAnUnknownRouteWithAnOpenAiShapedError() {
        for (HttpResult result : List.of(seen("unknown GET", Http.get(ferry.url("/nope"))),
                seen("unknown POST", Http.post(ferry.url("/v1/nope"), HELLO)))) {
            assertEquals(404, result.status());
            assertTrue(String.valueOf(result.header("Content-Type")).startsWith("application/json"),
                    result.header("Content-Type") + ": " + result.body());
            assertEquals("unknown_route", json(result).path("error").path("code").asText());
        }
    }

    /** Errors Jetty raises before any route runs (bad framing, obs-fold, 414, 431) also have OpenAI's shape. */
    @Test
    @Order(24)
    void shouldAnswerRequestsJettyRejectsWithAnOpenAiShapedError() throws Exception {
        String folded = "POST /openai/v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\nx-bf-async-id: a\r\n x\r\n"
                + "Content-Length: 0\r\nConnection: close\r\n\r\n";
        String huge = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nx-filler: " + "a".repeat(16 * 1024)
                + "\r\nConnection: close\r\n\r\n";
        for (String request : List.of(folded, huge)) {
            RawHttp.Response response = seen("jetty-level", RawHttp.exchange(port(ferry), request, RAW_TIMEOUT));

            assertTrue(String.valueOf(response.header("Content-Type")).startsWith("application/json"),
                    response.status() + " " + response.header("Content-Type"));
            assertTrue(RunningFerry.JSON.readTree(response.body()).path("error").has("type"), response.body());
        }
    }

    // ---- huge bodies ----------------------------------------------------------------------------------------

    @Test
    @Order(30)
    void shouldRefuseABodyWhoseDeclaredLengthIsOverTheLimitBeforeReadingIt() throws Exception {
        String head = "POST /openai/v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "x-bf-async: true\r\nContent-Length: " + 9 * MIB + "\r\n\r\n";
        try (Socket socket = RawHttp.open(port(ferry), RAW_TIMEOUT)) {
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write("{\"model\":\"mock/echo\",\"input\":\"".getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();

            RawHttp.Response response = seen("declared 9 MiB, body withheld", RawHttp.read(socket.getInputStream()));

            assertEquals(413, response.status(), response.body());
            assertEquals("payload_too_large", RunningFerry.JSON.readTree(response.body()).path("error")
                    .path("code").asText());
        }
    }

    @Test
    @Order(31)
    void shouldRefuseANineMebibyteBodySentWithItsLength() throws Exception {
        byte[] body = hugeRequest(9 * MIB);
        String head = "POST /openai/v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "x-bf-async: true\r\nContent-Length: " + body.length + "\r\n\r\n";

        RawHttp.Response response = seen("9 MiB with Content-Length", uploadWhileReading(head, out -> {
            for (int at = 0; at < body.length; at += 64 * 1024) {
                out.write(body, at, Math.min(64 * 1024, body.length - at));
            }
        }));

        assertEquals(413, response.status(), response.body());
    }

    /** The chunked body never ends: a server that buffered it whole before answering would never answer. */
    @Test
    @Order(32)
    void shouldRefuseAnEndlessChunkedBodyOnceItPassesTheLimit() throws Exception {
        String head = "POST /openai/v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "x-bf-async: true\r\nTransfer-Encoding: chunked\r\n\r\n";
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'a');
        byte[] size = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);

        RawHttp.Response response = seen("endless chunked", uploadWhileReading(head, out -> {
            for (int sent = 0; sent < 9 * MIB; sent += chunk.length) {
                out.write(size);
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
        }));

        assertEquals(413, response.status(), response.body());
    }

    /** Request smuggling basics (RFC 9112 §6.3): framing that is ambiguous or broken is a 4xx, never a 5xx. */
    static Stream<Arguments> badFraming() {
        return Stream.of(
                Arguments.of("a chunk size that is not hex",
                        "Transfer-Encoding: chunked\r\n\r\nzz\r\n" + HELLO + "\r\n0\r\n\r\n"),
                Arguments.of("a chunk longer than its size",
                        "Transfer-Encoding: chunked\r\n\r\n2\r\n" + HELLO + "\r\n0\r\n\r\n"),
                Arguments.of("Content-Length and chunked together", "Content-Length: " + HELLO.length()
                        + "\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
                Arguments.of("two different Content-Lengths", "Content-Length: " + HELLO.length()
                        + "\r\nContent-Length: 3\r\n\r\n" + HELLO),
                Arguments.of("Transfer-Encoding: xchunked",
                        "Transfer-Encoding: xchunked\r\n\r\n" + Integer.toHexString(HELLO.length()) + "\r\n"
                                + HELLO + "\r\n0\r\n\r\n"),
                Arguments.of("a negative Content-Length", "Content-Length: -1\r\n\r\n" + HELLO));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFraming")
    @Order(33)
    void shouldAnswerBrokenOrAmbiguousBodyFramingWithA4xx(String what, String framing) throws Exception {
        String request = "POST /openai/v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "x-bf-async: true\r\nConnection: close\r\n" + framing;

        RawHttp.Response response = seen(what, RawHttp.exchange(port(ferry), request, RAW_TIMEOUT));

        assertTrue(response.status() >= 400 && response.status() < 500, what + " answered " + response.status()
                + " " + response.body());
    }

    // ---- deep nesting ---------------------------------------------------------------------------------------

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
            HttpResult result = seen("depth " + depth, ferry.submit(body, Map.of()));

            assertInvalidRequest(result, null);
            assertEquals("invalid_json", json(result).path("error").path("code").asText());
        }
    }

    // ---- invalid UTF-8 and odd Unicode ----------------------------------------------------------------------

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

        HttpResult result = seen(what, postBytes(ferry, "/openai/v1/responses", body, Map.of("x-bf-async", "true")));

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

            HttpResult result = seen(escape, Http.post(ferry.url(path), body, headers));

            if (result.status() == 200 && result.header("x-bf-async-id") != null) {
                ACCEPTED.add(new Accepted(ferry, result.header("x-bf-async-id"), Map.of()));
            } else if (result.status() != 200) {
                assertInvalidRequest(result, null);
            }
        }
        HttpResult modelWithSurrogate = seen("surrogate in model",
                ferry.submit("{\"model\":\"mock/" + escape + "\",\"input\":\"x\"}", Map.of()));
        if (modelWithSurrogate.status() == 200) {
            ACCEPTED.add(new Accepted(ferry, modelWithSurrogate.header("x-bf-async-id"), Map.of()));
        } else {
            assertInvalidRequest(modelWithSurrogate, "model");
        }
    }

    // ---- header injection -----------------------------------------------------------------------------------

    static Stream<Arguments> injectedHeaders() {
        return Stream.of(
                Arguments.of("CRLF: two header lines on the wire", "x-bf-async-id: a\r\nSet-Cookie: x=injected\r\n"),
                Arguments.of("percent-encoded CRLF", "x-bf-async-id: a%0d%0aSet-Cookie:%20x=injected\r\n"),
                Arguments.of("obs-fold", "x-bf-async-id: a\r\n Set-Cookie: x=injected\r\n"),
                Arguments.of("bare CR", "x-bf-async-id: a\rSet-Cookie: x=injected\r\n"),
                Arguments.of("bare LF", "x-bf-async-id: a\nSet-Cookie: x=injected\r\n"),
                Arguments.of("space before colon", "x-bf-async-id : a\r\nSet-Cookie: x=injected\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("injectedHeaders")
    @Order(60)
    void shouldAnswerInjectedHeaderLinesWithA4xxAndNeverEchoThem(String what, String headerLines) throws Exception {
        String request = "POST /openai/v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headerLines
                + "Content-Length: 0\r\nConnection: close\r\n\r\n";

        RawHttp.Response response = seen(what, RawHttp.exchange(port(ferry), request, RAW_TIMEOUT));

        assertTrue(response.status() >= 400 && response.status() < 500, what + " answered " + response.status());
        assertNotNull(response.header("Content-Type"));
        assertNull(response.header("Set-Cookie"), "a header from the request came back: " + response.headerBlock());
        assertFalse(response.headerBlock().contains("injected"), response.headerBlock());
        assertFalse(response.headerBlock().contains("%0d%0a"), response.headerBlock());
    }

    // ---- oversized headers ----------------------------------------------------------------------------------

    @Test
    @Order(70)
    void shouldAnswerASixteenKibibyteHeaderWith431() throws Exception {
        String request = "POST /openai/v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\nx-filler: "
                + "a".repeat(16 * 1024) + "\r\nx-bf-async: true\r\nContent-Length: " + HELLO.length() + "\r\n\r\n"
                + HELLO;

        assertEquals(431, seen("16 KiB header", RawHttp.exchange(port(ferry), request, RAW_TIMEOUT)).status());
    }

    @Test
    @Order(71)
    void shouldAnswerManySmallHeadersAddingUpPastTheLimitWith431() throws Exception {
        StringBuilder request = new StringBuilder("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (int i = 0; i < 1000; i++) {
            request.append("x-h").append(i).append(": ").append("v".repeat(20)).append("\r\n");
        }
        request.append("\r\n");

        assertEquals(431, seen("1000 headers", RawHttp.exchange(port(ferry), request.toString(), RAW_TIMEOUT))
                .status());
    }

    // ---- invalid TTLs ---------------------------------------------------------------------------------------

    @ParameterizedTest(name = "ttl ''{0}''")
    @ValueSource(strings = {"-1", "0", "1.5", "1e3", "+60", "0x10", "9223372036854775808", "315360000", "86401",
            "6 0", "60s", "1,000", "-0", "１"})
    @Order(80)
    void shouldRejectAnInvalidTtlNamingTheHeader(String ttl) throws Exception {
        for (String path : List.of("/openai/v1/responses", "/v1/async/responses")) {
            String request = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "x-bf-async: true\r\n" + TTL + ": " + ttl + "\r\nContent-Length: " + HELLO.length()
                    + "\r\nConnection: close\r\n\r\n" + HELLO;

            RawHttp.Response response = seen("ttl " + ttl,
                    RawHttp.exchange(port(ferry), request.getBytes(StandardCharsets.UTF_8), RAW_TIMEOUT));

            assertEquals(400, response.status(), path + " ttl '" + ttl + "': " + response.body());
            assertEquals(TTL, RunningFerry.JSON.readTree(response.body()).path("error").path("param").asText());
        }
    }

    /**
     * RFC 9110 §5.5: whitespace around a field value is not part of it, so {@code " 60"} on the wire is the value 60.
     * The catalogue lists it as invalid; HTTP says otherwise. The job's result lives 60 s after completion.
     */
    @Test
    @Order(81)
    void shouldTreatWhitespaceAroundTheTtlAsHeaderPadding() throws Exception {
        String request = "POST /v1/async/responses HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + TTL + ":   60 \t\r\nContent-Length: " + HELLO.length() + "\r\nConnection: close\r\n\r\n" + HELLO;

        RawHttp.Response response = seen("padded ttl", RawHttp.exchange(port(ferry), request, RAW_TIMEOUT));

        assertEquals(202, response.status(), response.body());
        String jobId = RunningFerry.JSON.readTree(response.body()).path("id").asText();
        ACCEPTED.add(new Accepted(ferry, jobId, Map.of()));
        await().atMost(Duration.ofSeconds(30)).until(() -> Http.get(ferry.url("/v1/async/responses/" + jobId))
                .status() == 200);
        JsonNode done = json(Http.get(ferry.url("/v1/async/responses/" + jobId)));
        assertEquals(Duration.ofSeconds(60), Duration.between(Instant.parse(done.path("completed_at").asText()),
                Instant.parse(done.path("expires_at").asText())));
    }

    // ---- hostile job ids ------------------------------------------------------------------------------------

    private static final String LOOK_ALIKE = "6f1c2\u0430" + "34-5b6d-4e7f-8a9b-0c1d2e3f4a5b";

    static Stream<String> hostileIds() {
        String real = UUID.randomUUID().toString();
        return Stream.of("../../etc/passwd", "%2e%2e%2f", "..%2f..%2fetc%2fpasswd", "' OR 1=1--",
                "\" OR \"\"=\"", "x".repeat(4 * 1024), LOOK_ALIKE, real.replace('-', '\u2010'),
                real.toUpperCase(), "{" + real + "}", real + "/..", "*", "%00", "null");
    }

    @ParameterizedTest(name = "{index}")
    @MethodSource("hostileIds")
    @Order(90)
    void shouldAnswerAHostileJobIdInThePollHeaderWithNotFound(String id) throws Exception {
        String request = "POST /openai/v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\nx-bf-async-id: " + id
                + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

        RawHttp.Response response = seen("poll header " + id,
                RawHttp.exchange(port(ferry), request.getBytes(StandardCharsets.UTF_8), RAW_TIMEOUT));

        assertEquals(404, response.status(), response.body());
        assertEquals("job_not_found", RunningFerry.JSON.readTree(response.body()).path("error").path("code")
                .asText());
    }

    @ParameterizedTest(name = "{index}")
    @MethodSource("hostileIds")
    @Order(91)
    void shouldAnswerAHostileJobIdInThePathWithNotFound(String id) {
        String encoded = URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
        for (String path : List.of("/v1/async/responses/", "/openai/v1/responses/")) {
            HttpResult result = seen("path " + id, Http.get(ferry.url(path + encoded)));

            assertEquals(404, result.status(), path + encoded + ": " + result.body());
        }
    }

    /** Path ids the way a hostile client types them, unencoded: whatever the URI parser makes of them is a 4xx. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/v1/async/responses/../../etc/passwd", "/v1/async/responses/%2e%2e%2f%2e%2e%2fetc",
            "/v1/async/responses/%2e%2e/%2e%2e/health", "/v1/async/responses/..;/..;/health",
            "/v1/async/responses/a%00b", "/v1/async/responses/%zz"})
    @Order(92)
    void shouldAnswerARawTraversalPathWithA4xx(String path) throws Exception {
        String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";

        RawHttp.Response response = seen("raw path " + path, RawHttp.exchange(port(ferry), request, RAW_TIMEOUT));

        assertTrue(response.status() >= 400 && response.status() < 500, path + " answered " + response.status());
    }

    /** An empty poll header is a malformed request (400 naming the header), not a lookup. */
    @Test
    @Order(93)
    void shouldAnswerAnEmptyPollHeaderWithABadRequestNamingIt() throws Exception {
        String request = "POST /openai/v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\nx-bf-async-id: \r\n"
                + "Content-Length: 0\r\nConnection: close\r\n\r\n";

        RawHttp.Response response = seen("empty id", RawHttp.exchange(port(ferry), request, RAW_TIMEOUT));

        assertEquals(400, response.status(), response.body());
        assertEquals("x-bf-async-id", RunningFerry.JSON.readTree(response.body()).path("error").path("param")
                .asText());
    }

    /**
     * A 10 KB id cannot reach Ferry: the request head is over Jetty's 8 KiB limit, so a header answers 431 and a path
     * 414 (URI too long), both before any route runs.
     */
    @Test
    @Order(94)
    void shouldAnswerATenKilobyteJobIdWith431InAHeaderAnd414InThePath() throws Exception {
        String id = "7".repeat(10 * 1024);
        String inHeader = "POST /openai/v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\nx-bf-async-id: " + id
                + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        String inPath = "GET /v1/async/responses/" + id + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";

        assertEquals(431, seen("10 KB id header", RawHttp.exchange(port(ferry), inHeader, RAW_TIMEOUT)).status());
        assertEquals(414, seen("10 KB id path", RawHttp.exchange(port(ferry), inPath, RAW_TIMEOUT)).status());
    }

    /** Another tenant cannot cancel or delete a job; it gets the same 404 as for an unknown id. */
    @Test
    @Order(95)
    void shouldNotLetAnotherTenantCancelOrDeleteAJob() {
        Map<String, String> main = bearer(MAIN_KEY);
        Map<String, String> other = bearer(OTHER_KEY);
        HttpResult submit = seen("background submit", Http.post(keyed.url("/openai/v1/responses"),
                "{\"model\":\"mock/sleep-1500\",\"input\":\"mine\",\"background\":true}", main));
        assertEquals(200, submit.status(), submit.body());
        String jobId = json(submit).path("id").asText();
        ACCEPTED.add(new Accepted(keyed, jobId, main));

        HttpResult cancel = seen("cancel as other", Http.post(keyed.url("/openai/v1/responses/" + jobId + "/cancel"),
                "", other));
        HttpResult cancelUnknown = seen("cancel unknown", Http.post(keyed.url("/openai/v1/responses/"
                + UUID.randomUUID() + "/cancel"), "", other));
        HttpResult delete = seen("delete as other", delete(keyed, "/openai/v1/responses/" + jobId, other));

        assertEquals(404, cancel.status(), cancel.body());
        assertEquals(cancelUnknown.body(), cancel.body());
        assertEquals(404, delete.status(), delete.body());
        await().atMost(Duration.ofSeconds(30)).until(() ->
                json(pollAs(keyed, jobId, main)).path("status").asText().equals("completed"));
    }

    // ---- credentials ----------------------------------------------------------------------------------------

    /** What {@code AuthenticationIT} leaves out: an empty Bearer, broken Basic, and credentials that are not ASCII. */
    static Stream<Arguments> badCredentials() {
        String nonAsciiBasic = Base64.getEncoder().encodeToString("cärol:cärol-pässwörd".getBytes(
                StandardCharsets.UTF_8));
        return Stream.of(
                Arguments.of("Bearer without a token", "Authorization: Bearer\r\n"),
                Arguments.of("Bearer and blanks", "Authorization: Bearer    \r\n"),
                Arguments.of("Basic that is not base64", "Authorization: Basic !!!not*base64!!!\r\n"),
                Arguments.of("Basic without a colon", "Authorization: Basic "
                        + Base64.getEncoder().encodeToString("carol".getBytes(StandardCharsets.UTF_8)) + "\r\n"),
                Arguments.of("Basic with non-ASCII credentials", "Authorization: Basic " + nonAsciiBasic + "\r\n"),
                Arguments.of("non-ASCII Bearer bytes", "Authorization: Bearer clé-ünïcødé-ключ-🔑\r\n"),
                Arguments.of("non-ASCII x-api-key", "x-api-key: " + MAIN_KEY.replace('e', 'é') + "\r\n"),
                Arguments.of("non-ASCII x-bf-vk", "x-bf-vk: sk-bf-ключ-0123456789\r\n"),
                Arguments.of("an unknown scheme", "Authorization: Digest " + MAIN_KEY + "\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCredentials")
    @Order(100)
    void shouldRejectMalformedCredentialsWith401(String what, String credentialLines) throws Exception {
        String request = "POST /openai/v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "x-bf-async: true\r\n" + credentialLines + "Content-Length: " + HELLO.length()
                + "\r\nConnection: close\r\n\r\n" + HELLO;

        RawHttp.Response response = seen(what,
                RawHttp.exchange(port(keyed), request.getBytes(StandardCharsets.UTF_8), RAW_TIMEOUT));

        assertEquals(401, response.status(), what + ": " + response.body());
        assertNotNull(response.header("WWW-Authenticate"));
        JsonNode error = RunningFerry.JSON.readTree(response.body()).path("error");
        assertEquals("authentication_error", error.path("type").asText());
        assertFalse(response.body().contains("ключ") || response.body().contains("base64!!!"),
                "the credential is echoed: " + response.body());
    }

    // ---- rate limits ----------------------------------------------------------------------------------------

    @Test
    @Order(110)
    void shouldAnswerAKeyOverItsRateWith429AndRetryAfterWithoutLimitingOtherKeys() throws Exception {
        Map<String, String> burst = bearer(BURST_KEY);
        HttpResult limited = null;
        for (int i = 0; i < 40 && limited == null; i++) {
            HttpResult result = seen("burst", Http.get(keyed.url("/v1/async/responses/not-a-job"), burst));
            if (result.status() == 429) {
                limited = result;
            } else {
                assertEquals(404, result.status(), result.body());
            }
        }

        assertNotNull(limited, "40 requests at once never hit a limit of 5 a second");
        long retryAfter = Long.parseLong(limited.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 2, "Retry-After " + retryAfter);
        JsonNode error = json(limited).path("error");
        assertEquals("rate_limit_error", error.path("type").asText());
        assertEquals("rate_limit_exceeded", error.path("code").asText());
        assertEquals(404, seen("other key", Http.get(keyed.url("/v1/async/responses/not-a-job"),
                bearer(OTHER_KEY))).status(), "another key is not limited by this one's burst");

        TimeUnit.SECONDS.sleep(retryAfter);
        assertEquals(404, seen("after Retry-After", Http.get(keyed.url("/v1/async/responses/not-a-job"), burst))
                .status(), "after waiting Retry-After the key may send again");
    }

    // ---- slow clients ---------------------------------------------------------------------------------------

    @Test
    @Order(120)
    void shouldCutOffAClientThatSendsItsBodyOneBytePerSecondWithoutSlowingOthers() throws Exception {
        byte[] body = String.format("%-64s", HELLO).getBytes(StandardCharsets.UTF_8);
        String head = "POST /openai/v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "x-bf-async: true\r\nContent-Length: " + body.length + "\r\n\r\n";
        RunningFerry node = rateGuarded();
        long start = System.nanoTime();
        try (Socket slow = RawHttp.open(port(node), Duration.ofSeconds(10))) {
            OutputStream out = slow.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            AtomicInteger sent = new AtomicInteger();
            Thread dribble = new Thread(() -> {
                try {
                    for (byte b : body) {
                        out.write(b);
                        out.flush();
                        sent.incrementAndGet();
                        Thread.sleep(1000);
                    }
                } catch (IOException | InterruptedException cutOff) {
                    // the server hung up, or the test is over
                }
            }, "slow-client");
            dribble.setDaemon(true);
            dribble.start();

            TimeUnit.MILLISECONDS.sleep(1500);
            long normalStart = System.nanoTime();
            HttpResult normal = seen("normal request beside a slow one", node.submit(HELLO, Map.of()));
            Duration normalTook = Duration.ofNanos(System.nanoTime() - normalStart);
            assertEquals(200, normal.status(), normal.body());
            ACCEPTED.add(new Accepted(node, normal.header("x-bf-async-id"), Map.of()));
            assertTrue(normalTook.compareTo(Duration.ofSeconds(5)) < 0, "a normal request took " + normalTook);

            RawHttp.Response cut;
            try {
                cut = RawHttp.read(slow.getInputStream());
            } catch (SocketTimeoutException stillOpen) {
                fail("the server still held the slow client after "
                        + Duration.ofNanos(System.nanoTime() - start).toSeconds() + " s, " + sent.get() + " bytes");
                return;
            } catch (IOException closed) {
                cut = null;
            } finally {
                dribble.interrupt();
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(sent.get() < body.length, "the whole body was sent; nothing was cut off");
            assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "cut off only after " + took);
            if (cut != null) {
                seen("slow client", cut);
                assertTrue(cut.status() >= 400 && cut.status() < 500, "a slow client got " + cut.status());
            }
        }
    }

    /**
     * A fast client whose 50-byte body arrives in two TCP segments 300 ms apart is not a slowloris. Jetty's check
     * (bytes since the first body byte ≥ rate × elapsed, on every read, with no grace period) rejects it at the
     * default 256 B/s; the same happens to any small body the server is a few ms late to read (JIT, GC, load): in one
     * run of this class the very first request, a 1-byte body, got a 500 this way.
     */
    @Test
    @Order(121)
    void shouldAcceptASmallBodyWhosePartsArriveAFewHundredMillisecondsApart() throws Exception {
        RunningFerry node = rateGuarded();
        byte[] body = HELLO.getBytes(StandardCharsets.UTF_8);
        String head = "POST /openai/v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "x-bf-async: true\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
        try (Socket socket = RawHttp.open(port(node), RAW_TIMEOUT)) {
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            out.write(concat(head.getBytes(StandardCharsets.US_ASCII), new byte[] {body[0]}));
            out.flush();
            TimeUnit.MILLISECONDS.sleep(300);
            out.write(body, 1, body.length - 1);
            out.flush();

            RawHttp.Response response = seen("body in two parts", RawHttp.read(socket.getInputStream()));

            assertEquals(200, response.status(), response.body());
            ACCEPTED.add(new Accepted(node, response.header("x-bf-async-id"), Map.of()));
        }
    }

    /** A node with Ferry's default minimum request data rate, started only by the tests that need it. */
    private static synchronized RunningFerry rateGuarded() throws Exception {
        if (rateGuarded == null) {
            Map<String, String> env =
                    new HashMap<>(RunningFerry.environment(kafka, mock.baseUrl(), rateGuardedStateDir));
            env.put("FERRY_MIN_REQUEST_DATA_RATE", "256");
            rateGuarded = RunningFerry.start(env);
        }
        return rateGuarded;
    }

    // ---- after everything -----------------------------------------------------------------------------------

    @Test
    @Order(Integer.MAX_VALUE)
    void shouldHaveCompletedEveryAcceptedJobAndAnsweredNoBadInputWithA5xx() {
        assertTrue(ANSWERS.get() > 100, "the class sent only " + ANSWERS.get() + " requests");
        List<Accepted> accepted;
        synchronized (ACCEPTED) {
            accepted = List.copyOf(ACCEPTED);
        }
        assertTrue(accepted.size() >= 20, "only " + accepted.size() + " jobs were accepted between bad requests");
        assertAll(
                () -> assertEquals(List.of(), SERVER_ERRORS, "bad input must never cause a 5xx"),
                () -> {
                    for (Accepted job : accepted) {
                        await("job " + job.jobId()).atMost(Duration.ofSeconds(60))
                                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(250)).until(() -> {
                                    HttpResult poll = pollAs(job.node(), job.jobId(), job.credentials());
                                    return poll.status() == 200
                                            && "completed".equals(json(poll).path("status").asText());
                                });
                    }
                });
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private static HttpResult seen(String what, HttpResult result) {
        ANSWERS.incrementAndGet();
        if (result.status() >= 500) {
            SERVER_ERRORS.add(what + " -> " + result.status() + " " + result.body());
        }
        return result;
    }

    private static RawHttp.Response seen(String what, RawHttp.Response response) {
        ANSWERS.incrementAndGet();
        if (response.status() >= 500) {
            SERVER_ERRORS.add(what + " -> " + response.status() + " " + response.body());
        }
        return response;
    }

    private static void assertInvalidRequest(HttpResult result, String param) {
        assertEquals(400, result.status(), result.body());
        assertTrue(String.valueOf(result.header("Content-Type")).startsWith("application/json"));
        JsonNode error = json(result).path("error");
        assertEquals("invalid_request_error", error.path("type").asText(), result.body());
        assertTrue(error.has("message") && error.has("param") && error.has("code"), result.body());
        if (param == null) {
            assertTrue(error.path("param").isNull(), result.body());
        } else {
            assertEquals(param, error.path("param").asText(), result.body());
        }
    }

    private static int port(RunningFerry node) {
        return URI.create(node.url("/")).getPort();
    }

    private static Map<String, String> bearer(String key) {
        return Map.of("Authorization", "Bearer " + key);
    }

    private static HttpResult pollAs(RunningFerry node, String jobId, Map<String, String> credentials) {
        Map<String, String> headers = new HashMap<>(credentials);
        headers.put("x-bf-async-id", jobId);
        return Http.post(node.url("/openai/v1/responses"), "", headers);
    }

    private static HttpResult postBytes(RunningFerry node, String path, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.url(path))).timeout(Http.TIMEOUT)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return send(request.build());
    }

    private static HttpResult delete(RunningFerry node, String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.url(path))).timeout(Http.TIMEOUT)
                .DELETE();
        headers.forEach(request::header);
        return send(request.build());
    }

    private static HttpResult send(HttpRequest request) {
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
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    /** A valid request whose input string makes it {@code size} bytes long. */
    private static byte[] hugeRequest(int size) {
        String prefix = "{\"model\":\"mock/echo\",\"input\":\"";
        String suffix = "\"}";
        return (prefix + "a".repeat(size - prefix.length() - suffix.length()) + suffix)
                .getBytes(StandardCharsets.UTF_8);
    }

    private interface Upload {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code head} then the body from another thread while this one reads the response, as a client that
     * streams a large upload does; a server that answers early and hangs up only ends the writer.
     */
    private static RawHttp.Response uploadWhileReading(String head, Upload body) throws Exception {
        try (Socket socket = RawHttp.open(port(ferry), RAW_TIMEOUT)) {
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
