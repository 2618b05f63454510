package dev.ferry.app;

import static dev.ferry.app.RunningFerry.json;
import static org.awaitility.Awaitility.await;
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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** OpenAI background mode (create with background:true, retrieve, cancel, delete) on Ferry's Kafka job machinery. */
@ExtendWith(KafkaBrokerExtension.class)
class BackgroundModeIT {

    private static MockProviderServer mock;
    /** The provider of the cancel test alone ({@code cancellable/…}), so that its counters are that call's. */
    private static MockProviderServer cancellable;
    private static RunningFerry ferry;
    private static final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void startFerry(KafkaBroker broker, @TempDir Path stateDir) throws Exception {
        mock = new MockProviderServer(new MockProviderSettings("127.0.0.1", 0, Duration.ofMillis(20), 0.0),
                Json.newMapper(), new Random(11)).start();
        cancellable = new MockProviderServer(new MockProviderSettings("127.0.0.1", 0, Duration.ofMillis(20), 0.0),
                Json.newMapper(), new Random(12)).start();
        Map<String, String> env = new HashMap<>(RunningFerry.environment(broker, mock.baseUrl(), stateDir));
        env.put("FERRY_PROVIDER_CANCELLABLE_BASE_URL", cancellable.baseUrl().toString());
        ferry = RunningFerry.start(env);
    }

    @AfterAll
    static void stopFerry() {
        ferry.close();
        mock.close();
        cancellable.close();
    }

    private static String create(String model) {
        HttpResult created = Http.post(ferry.url("/openai/v1/responses"),
                "{\"model\":\"" + model + "\",\"input\":\"in the background\",\"background\":true}");
        assertEquals(200, created.status(), created.body());
        JsonNode body = json(created);
        assertEquals("queued", body.path("status").asText());
        assertTrue(body.path("background").asBoolean());
        return body.path("id").asText();
    }

    private static JsonNode retrieve(String id) {
        return json(Http.get(ferry.url("/openai/v1/responses/" + id)));
    }

    private static HttpResult send(String method, String path) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(ferry.url(path)))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        return new HttpResult(response.statusCode(), response.headers().map(), response.body());
    }

    @Test
    void shouldRetrieveACompletedBackgroundResponseUnderItsOwnId() {
        String id = create("mock/echo");

        await().atMost(Duration.ofSeconds(30)).until(() -> "completed".equals(retrieve(id).path("status").asText()));
        JsonNode done = retrieve(id);
        assertEquals(id, done.path("id").asText());
        assertTrue(done.path("background").asBoolean());
        assertEquals("Echo: in the background",
                done.path("output").get(0).path("content").get(0).path("text").asText());
    }

    /**
     * The mock answers a call only when its 15 s are up; it then finds the worker's connection closed and counts the
     * call as cancelled instead of completed. Had the worker kept waiting, the mock would count a completed call.
     */
    @Test
    void shouldCancelARunningResponseAndAbortItsProviderCall() throws Exception {
        String id = create("cancellable/sleep-15000");
        await().atMost(Duration.ofSeconds(30)).until(() -> cancellableStat("in_flight") == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> "in_progress".equals(retrieve(id).path("status").asText()));

        HttpResult cancelled = send("POST", "/openai/v1/responses/" + id + "/cancel");

        assertEquals(200, cancelled.status());
        assertEquals("cancelled", json(cancelled).path("status").asText());
        await().atMost(Duration.ofSeconds(60)).until(() -> cancellableStat("in_flight") == 0);
        assertEquals(1, cancellableStat("requests"), "one provider call");
        assertEquals(1, cancellableStat("cancelled"), "the provider saw its caller hang up");
        assertEquals(0, cancellableStat("completed"), "the provider never answered the call");
        await().atMost(Duration.ofSeconds(10)).until(() -> "cancelled".equals(retrieve(id).path("status").asText()));
        await().atMost(Duration.ofSeconds(10)).until(() -> eventTypes(id).contains("cancelled"));
        assertEquals(List.of("started", "cancelled"), eventTypes(id), "the run ended with its cancel, not a result");
    }

    @Test
    void shouldAnswerARepeatedCancelWithTheSameStatus() throws Exception {
        String id = create("mock/sleep-20000");

        assertEquals("cancelled", json(send("POST", "/openai/v1/responses/" + id + "/cancel")).path("status").asText());
        await().atMost(Duration.ofSeconds(10)).until(() -> "cancelled".equals(retrieve(id).path("status").asText()));
        HttpResult again = send("POST", "/openai/responses/" + id + "/cancel");
        assertEquals(200, again.status());
        assertEquals("cancelled", json(again).path("status").asText());
    }

    @Test
    void shouldLeaveACompletedResponseAsItIsWhenCancelled() throws Exception {
        String id = create("mock/echo");
        await().atMost(Duration.ofSeconds(30)).until(() -> "completed".equals(retrieve(id).path("status").asText()));

        HttpResult cancel = send("POST", "/openai/v1/responses/" + id + "/cancel");

        assertEquals("completed", json(cancel).path("status").asText());
    }

    @Test
    void shouldForgetADeletedResponse() throws Exception {
        String id = create("mock/echo");
        await().atMost(Duration.ofSeconds(30)).until(() -> "completed".equals(retrieve(id).path("status").asText()));

        HttpResult deleted = send("DELETE", "/openai/v1/responses/" + id);

        assertEquals(200, deleted.status());
        assertTrue(json(deleted).path("deleted").asBoolean());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Http.get(ferry.url("/openai/v1/responses/" + id)).status() == 404);
        assertEquals(404, ferry.poll(id).status(), "gone from the async poll route too");
    }

    @Test
    void shouldAnswerNotFoundWhenRetrievingAnUnknownResponse() {
        assertEquals(404, Http.get(ferry.url("/openai/v1/responses/resp_0123")).status());
    }

    private static long cancellableStat(String name) {
        return json(Http.get("http://127.0.0.1:" + cancellable.port() + "/mock/stats")).path(name).asLong();
    }

    private static List<String> eventTypes(String jobId) {
        return EventsTopic.read(ferry, jobId).stream().map(event -> event.path("type").asText()).toList();
    }
}
