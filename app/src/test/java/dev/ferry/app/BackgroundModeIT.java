package dev.ferry.app;

import static dev.ferry.app.RunningFerry.json;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.config.MockProviderSettings;
import dev.ferry.core.serde.Json;
import dev.ferry.embeddedkafka.EmbeddedKafkaBroker;
import dev.ferry.providers.mock.MockProviderServer;
import dev.ferry.testsupport.Http;
import dev.ferry.testsupport.HttpResult;
import dev.ferry.testsupport.KafkaBrokerExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
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
    private static RunningFerry ferry;
    private static final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void startFerry(EmbeddedKafkaBroker broker, @TempDir Path stateDir) throws Exception {
        mock = new MockProviderServer(new MockProviderSettings("127.0.0.1", 0, Duration.ofMillis(20), 0.0),
                Json.newMapper(), new Random(11)).start();
        ferry = RunningFerry.start(RunningFerry.environment(broker, mock.baseUrl(), stateDir));
    }

    @AfterAll
    static void stopFerry() {
        ferry.close();
        mock.close();
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

    @Test
    void shouldCancelARunningResponseAndAbortItsProviderCall() throws Exception {
        String id = create("mock/sleep-20000");
        await().atMost(Duration.ofSeconds(30)).until(() -> "in_progress".equals(retrieve(id).path("status").asText()));

        HttpResult cancelled = send("POST", "/openai/v1/responses/" + id + "/cancel");

        assertEquals(200, cancelled.status());
        assertEquals("cancelled", json(cancelled).path("status").asText());
        await().atMost(Duration.ofSeconds(10)).until(() -> "cancelled".equals(retrieve(id).path("status").asText()));
        await().atMost(Duration.ofSeconds(10)).until(() -> eventTypes(id).contains("cancelled"));
        assertFalse(eventTypes(id).contains("completed"), "the worker stopped waiting for the provider");
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

    private static List<String> eventTypes(String jobId) {
        return EventsTopic.read(ferry, jobId).stream().map(event -> event.path("type").asText()).toList();
    }
}
