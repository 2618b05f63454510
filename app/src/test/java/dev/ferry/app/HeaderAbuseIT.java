package dev.ferry.app;

import static dev.ferry.app.BadInputFixture.HELLO;
import static dev.ferry.app.RunningFerry.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.testsupport.Http;
import dev.ferry.testsupport.HttpResult;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Request lines and headers that are malformed, ambiguous or outside the contract: unknown routes, what Jetty
 * rejects before any route runs, broken or ambiguous body framing, injected header lines. Each is a 4xx with OpenAI's
 * error shape that echoes nothing back; see {@link BadInputFixture} for what every bad-input IT checks besides.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HeaderAbuseIT {

    @RegisterExtension
    static final BadInputFixture inputs = new BadInputFixture();

    /** Errors always have OpenAI's shape, including for a route that does not exist. */
    @Test
    @Order(23)
    void shouldAnswerAnUnknownRouteWithAnOpenAiShapedError() {
        for (HttpResult result : List.of(inputs.seen("unknown GET", Http.get(inputs.open().url("/nope"))),
                inputs.seen("unknown POST", Http.post(inputs.open().url("/v1/nope"), HELLO)))) {
            assertEquals(404, result.status());
            assertTrue(String.valueOf(result.header("Content-Type")).startsWith("application/json"),
                    result.header("Content-Type") + ": " + result.body());
            assertEquals("unknown_route", json(result).path("error").path("code").asText());
        }
    }

    /** Request heads Jetty refuses before any route runs, and the status it answers. */
    static Stream<Arguments> requestsJettyRejects() {
        return Stream.of(
                Arguments.of("an obs-folded header", 400, "POST /openai/v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "x-bf-async-id: a\r\n x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
                Arguments.of("a request line over 8 KiB", 414, "GET /health?x=" + "a".repeat(16 * 1024)
                        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
                Arguments.of("a header over 8 KiB", 431, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nx-filler: "
                        + "a".repeat(16 * 1024) + "\r\nConnection: close\r\n\r\n"));
    }

    /** Errors Jetty raises before any route runs (obs-fold, 414, 431) have OpenAI's error shape too. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("requestsJettyRejects")
    @Order(24)
    void shouldAnswerRequestsJettyRejectsWithAnOpenAiShapedError(String what, int status, String request)
            throws Exception {
        RawHttp.Response response = inputs.exchange(what, inputs.open(), request);

        assertEquals(status, response.status(), what + ": " + response.body());
        assertOpenAiShapedError(what, response);
    }

    private static void assertOpenAiShapedError(String what, RawHttp.Response response) throws Exception {
        assertTrue(String.valueOf(response.header("Content-Type")).startsWith("application/json"),
                what + ": " + response.header("Content-Type"));
        JsonNode error = RunningFerry.JSON.readTree(response.body()).path("error");
        assertTrue(error.path("message").isTextual() && error.path("type").isTextual() && error.has("param")
                && error.has("code"), what + ": " + response.body());
    }

    /**
     * Request smuggling basics (RFC 9112 §6.3): framing that is ambiguous or broken is a 4xx with OpenAI's error
     * shape, never a 5xx.
     */
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
    void shouldAnswerBrokenOrAmbiguousBodyFramingWithAnOpenAiShaped4xx(String what, String framing) throws Exception {
        String request = "POST /openai/v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "x-bf-async: true\r\nConnection: close\r\n" + framing;

        RawHttp.Response response = inputs.exchange(what, inputs.open(), request);

        assertTrue(response.status() >= 400 && response.status() < 500, what + " answered " + response.status()
                + " " + response.body());
        assertOpenAiShapedError(what, response);
    }

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

        RawHttp.Response response = inputs.exchange(what, inputs.open(), request);

        assertTrue(response.status() >= 400 && response.status() < 500, what + " answered " + response.status());
        assertNotNull(response.header("Content-Type"));
        assertNull(response.header("Set-Cookie"), "a header from the request came back: " + response.headerBlock());
        assertFalse(response.headerBlock().contains("injected"), response.headerBlock());
        assertFalse(response.headerBlock().contains("%0d%0a"), response.headerBlock());
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void shouldHaveCompletedEveryAcceptedJobAndAnsweredNoBadInputWithA5xx() {
        inputs.assertNoServerErrorAndEveryAcceptedJobCompleted();
    }
}
