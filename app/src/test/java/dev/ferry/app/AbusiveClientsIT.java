package dev.ferry.app;

import static dev.ferry.app.BadInputFixture.BURST_KEY;
import static dev.ferry.app.BadInputFixture.HELLO;
import static dev.ferry.app.BadInputFixture.MAIN_KEY;
import static dev.ferry.app.BadInputFixture.OTHER_KEY;
import static dev.ferry.app.BadInputFixture.RAW_TIMEOUT;
import static dev.ferry.app.BadRequests.bearer;
import static dev.ferry.app.BadRequests.concat;
import static dev.ferry.app.BadRequests.port;
import static dev.ferry.app.RunningFerry.json;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.testsupport.Http;
import dev.ferry.testsupport.HttpResult;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
 * Clients that misbehave rather than send a bad request: malformed credentials, a key over its rate, a body
 * sent a byte a second; and a fast client whose small body arrives in two parts, which must not be taken for one. See
 * {@link BadInputFixture} for what every bad-input IT checks besides.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AbusiveClientsIT {

    @RegisterExtension
    static final BadInputFixture inputs = new BadInputFixture();

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

        RawHttp.Response response = inputs.exchange(what, inputs.keyed(), request.getBytes(StandardCharsets.UTF_8));

        assertEquals(401, response.status(), what + ": " + response.body());
        assertNotNull(response.header("WWW-Authenticate"));
        JsonNode error = RunningFerry.JSON.readTree(response.body()).path("error");
        assertEquals("authentication_error", error.path("type").asText());
        assertFalse(response.body().contains("ключ") || response.body().contains("base64!!!"),
                "the credential is echoed: " + response.body());
    }

    @Test
    @Order(110)
    void shouldAnswerAKeyOverItsRateWith429AndRetryAfterWithoutLimitingOtherKeys() throws Exception {
        Map<String, String> burst = bearer(BURST_KEY);
        HttpResult limited = null;
        for (int i = 0; i < 40 && limited == null; i++) {
            HttpResult result =
                    inputs.seen("burst", Http.get(inputs.keyed().url("/v1/async/responses/not-a-job"), burst));
            if (result.status() == 429) {
                limited = result;
            } else {
                assertEquals(404, result.status(), result.body());
            }
        }

        assertNotNull(limited, "40 requests in a row never hit a limit of 5 a second");
        long retryAfter = Long.parseLong(limited.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 2, "Retry-After " + retryAfter);
        JsonNode error = json(limited).path("error");
        assertEquals("rate_limit_error", error.path("type").asText());
        assertEquals("rate_limit_exceeded", error.path("code").asText());
        assertEquals(404, inputs.seen("other key", Http.get(inputs.keyed().url("/v1/async/responses/not-a-job"),
                bearer(OTHER_KEY))).status(), "another key is not limited by this one's burst");

        // A client that honours Retry-After waits that long: the wait is the behaviour under test, not a guess.
        TimeUnit.SECONDS.sleep(retryAfter);
        assertEquals(404, inputs.seen("after Retry-After",
                Http.get(inputs.keyed().url("/v1/async/responses/not-a-job"), burst)).status(),
                "after waiting Retry-After the key may send again");
    }

    /**
     * A client sends a 64-byte body a byte a second, below Ferry's default minimum rate (256 bytes/s after a 5 s grace
     * period). The server must give up on it before the body is complete, and answer another client's request, sent
     * once the slow body has begun, before that body is complete too. Both are judged by the bytes sent, not by a
     * clock: the slow socket waits longer than the whole body takes, so a server that never gives up fails here.
     */
    @Test
    @Order(120)
    void shouldCutOffAClientThatSendsItsBodyOneBytePerSecondAndAnswerAnotherMeanwhile() throws Exception {
        byte[] body = String.format("%-64s", HELLO).getBytes(StandardCharsets.UTF_8);
        String head = "POST /openai/v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "x-bf-async: true\r\nContent-Length: " + body.length + "\r\n\r\n";
        RunningFerry node = inputs.rateGuarded();
        try (Socket slow = RawHttp.open(port(node), Duration.ofSeconds(body.length + 30));
                SlowSender sender = SlowSender.start(slow.getOutputStream(), head, body)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> sender.sent() >= 1);

            HttpResult normal = inputs.seen("normal request beside a slow one", node.submit(HELLO, Map.of()));
            int sentWhenOtherAnswered = sender.sent();
            Optional<RawHttp.Response> cut = answerOrHangUp(slow);
            int sentWhenCut = sender.sent();

            assertEquals(200, normal.status(), normal.body());
            inputs.accepted(node, normal.header("x-bf-async-id"), Map.of());
            assertTrue(sentWhenOtherAnswered < body.length, "the other client was answered only after the slow body");
            assertTrue(sentWhenCut < body.length, "the server read the whole slow body: nothing was cut off");
            cut.ifPresent(response -> assertTrue(inputs.seen("slow client", response).status() >= 400
                    && response.status() < 500, "a slow client got " + response.status()));
        }
    }

    /** The response on {@code socket}, or empty if the server closed the connection without one. */
    private static Optional<RawHttp.Response> answerOrHangUp(Socket socket) {
        try {
            return Optional.of(RawHttp.read(socket.getInputStream()));
        } catch (IOException closed) {
            return Optional.empty();
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
        RunningFerry node = inputs.rateGuarded();
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

            RawHttp.Response response = inputs.seen("body in two parts", RawHttp.read(socket.getInputStream()));

            assertEquals(200, response.status(), response.body());
            inputs.accepted(node, response.header("x-bf-async-id"), Map.of());
        }
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void shouldHaveCompletedEveryAcceptedJobAndAnsweredNoBadInputWithA5xx() {
        inputs.assertNoServerErrorAndEveryAcceptedJobCompleted();
    }
}
