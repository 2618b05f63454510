package dev.ferry.app;

import static dev.ferry.app.BadInputFixture.HELLO;
import static dev.ferry.app.BadInputFixture.MAIN_KEY;
import static dev.ferry.app.BadInputFixture.OTHER_KEY;
import static dev.ferry.app.BadRequests.assertInvalidRequest;
import static dev.ferry.app.BadRequests.bearer;
import static dev.ferry.app.BadRequests.pollAs;
import static dev.ferry.app.RunningFerry.json;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.testsupport.Http;
import dev.ferry.testsupport.HttpResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
 * Well-formed requests whose fields are wrong: a body field of the wrong type, fields that try to choose the
 * job's id or owner, control and bidi characters in the model name, and invalid result TTL headers. Each 400 names
 * the field in {@code param}; see {@link BadInputFixture} for what every bad-input IT checks besides.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InvalidFieldsIT {

    @RegisterExtension
    static final BadInputFixture inputs = new BadInputFixture();

    private static final String TTL = "x-bf-async-job-result-ttl";

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
            HttpResult result = inputs.seen(body,
                    Http.post(inputs.open().url(path), body, Map.of("x-bf-async", "true")));

            assertInvalidRequest(result, param);
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

        HttpResult submit = inputs.seen("mass assignment", inputs.keyed().submit(body, main));

        assertEquals(200, submit.status(), submit.body());
        String jobId = submit.header("x-bf-async-id");
        assertNotEquals(chosenId, jobId);
        inputs.accepted(inputs.keyed(), jobId, main);
        assertEquals(404, inputs.seen("other polls", pollAs(inputs.keyed(), jobId, bearer(OTHER_KEY))).status());
        assertEquals(404, inputs.seen("chosen id", pollAs(inputs.keyed(), chosenId, main)).status());
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
        HttpResult result = inputs.seen("model " + model,
                inputs.open().submit("{\"model\":\"" + model + "\",\"input\":\"x\"}", Map.of()));

        assertInvalidRequest(result, "model");
    }

    @ParameterizedTest(name = "ttl ''{0}''")
    @ValueSource(strings = {"-1", "0", "1.5", "1e3", "+60", "0x10", "9223372036854775808", "315360000", "86401",
            "6 0", "60s", "1,000", "-0", "１"})
    @Order(80)
    void shouldRejectAnInvalidTtlNamingTheHeader(String ttl) throws Exception {
        for (String path : List.of("/openai/v1/responses", "/v1/async/responses")) {
            String request = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "x-bf-async: true\r\n" + TTL + ": " + ttl + "\r\nContent-Length: " + HELLO.length()
                    + "\r\nConnection: close\r\n\r\n" + HELLO;

            RawHttp.Response response =
                    inputs.exchange("ttl " + ttl, inputs.open(), request.getBytes(StandardCharsets.UTF_8));

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

        RawHttp.Response response = inputs.exchange("padded ttl", inputs.open(), request);

        assertEquals(202, response.status(), response.body());
        String jobId = RunningFerry.JSON.readTree(response.body()).path("id").asText();
        inputs.accepted(inputs.open(), jobId, Map.of());
        await().atMost(Duration.ofSeconds(30)).until(() -> Http.get(inputs.open().url("/v1/async/responses/" + jobId))
                .status() == 200);
        JsonNode done = json(Http.get(inputs.open().url("/v1/async/responses/" + jobId)));
        assertEquals(Duration.ofSeconds(60), Duration.between(Instant.parse(done.path("completed_at").asText()),
                Instant.parse(done.path("expires_at").asText())));
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void shouldHaveCompletedEveryAcceptedJobAndAnsweredNoBadInputWithA5xx() {
        inputs.assertNoServerErrorAndEveryAcceptedJobCompleted();
    }
}
