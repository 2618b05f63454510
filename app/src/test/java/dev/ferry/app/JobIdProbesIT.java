package dev.ferry.app;

import static dev.ferry.app.BadInputFixture.MAIN_KEY;
import static dev.ferry.app.BadInputFixture.OTHER_KEY;
import static dev.ferry.app.BadRequests.bearer;
import static dev.ferry.app.BadRequests.delete;
import static dev.ferry.app.BadRequests.pollAs;
import static dev.ferry.app.RunningFerry.json;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.testsupport.Http;
import dev.ferry.testsupport.HttpResult;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
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
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Job ids a hostile client makes up, in the poll header and in the path, and another tenant's cancel or delete:
 * each is the 404 of an unknown job, or a 4xx before any route runs. Tenant isolation for polls is
 * {@code AuthenticationIT}'s {@code shouldHideAJobFromAnotherTenantExactlyLikeAnUnknownId}. See
 * {@link BadInputFixture} for what every bad-input IT checks besides.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobIdProbesIT {

    @RegisterExtension
    static final BadInputFixture inputs = new BadInputFixture();

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

        RawHttp.Response response =
                inputs.exchange("poll header " + id, inputs.open(), request.getBytes(StandardCharsets.UTF_8));

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
            HttpResult result = inputs.seen("path " + id, Http.get(inputs.open().url(path + encoded)));

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

        RawHttp.Response response = inputs.exchange("raw path " + path, inputs.open(), request);

        assertTrue(response.status() >= 400 && response.status() < 500, path + " answered " + response.status());
    }

    /** An empty poll header is a malformed request (400 naming the header), not a lookup. */
    @Test
    @Order(93)
    void shouldAnswerAnEmptyPollHeaderWithABadRequestNamingIt() throws Exception {
        String request = "POST /openai/v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\nx-bf-async-id: \r\n"
                + "Content-Length: 0\r\nConnection: close\r\n\r\n";

        RawHttp.Response response = inputs.exchange("empty id", inputs.open(), request);

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

        assertEquals(431, inputs.exchange("10 KB id header", inputs.open(), inHeader).status());
        assertEquals(414, inputs.exchange("10 KB id path", inputs.open(), inPath).status());
    }

    /** Another tenant cannot cancel or delete a job; it gets the same 404 as for an unknown id. */
    @Test
    @Order(95)
    void shouldNotLetAnotherTenantCancelOrDeleteAJob() {
        Map<String, String> main = bearer(MAIN_KEY);
        Map<String, String> other = bearer(OTHER_KEY);
        HttpResult submit = inputs.seen("background submit", Http.post(inputs.keyed().url("/openai/v1/responses"),
                "{\"model\":\"mock/sleep-1500\",\"input\":\"mine\",\"background\":true}", main));
        assertEquals(200, submit.status(), submit.body());
        String jobId = json(submit).path("id").asText();
        inputs.accepted(inputs.keyed(), jobId, main);

        HttpResult cancel = inputs.seen("cancel as other",
                Http.post(inputs.keyed().url("/openai/v1/responses/" + jobId + "/cancel"), "", other));
        HttpResult cancelUnknown = inputs.seen("cancel unknown", Http.post(inputs.keyed().url("/openai/v1/responses/"
                + UUID.randomUUID() + "/cancel"), "", other));
        HttpResult delete = inputs.seen("delete as other",
                delete(inputs.keyed(), "/openai/v1/responses/" + jobId, other));

        assertEquals(404, cancel.status(), cancel.body());
        assertEquals(cancelUnknown.body(), cancel.body());
        assertEquals(404, delete.status(), delete.body());
        await().atMost(Duration.ofSeconds(30)).until(() ->
                json(pollAs(inputs.keyed(), jobId, main)).path("status").asText().equals("completed"));
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void shouldHaveCompletedEveryAcceptedJobAndAnsweredNoBadInputWithA5xx() {
        inputs.assertNoServerErrorAndEveryAcceptedJobCompleted();
    }
}
