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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Background responses created with {@code stream:true}: the worker's provider stream reaches the client through
 * Kafka, and {@code GET /responses/{id}?stream=true&starting_after=N} resumes it from any point, live or finished.
 */
@ExtendWith(KafkaBrokerExtension.class)
class BackgroundStreamingIT {

    private static final String WORDS = IntStream.rangeClosed(1, 30).mapToObj(i -> "word" + i)
            .collect(Collectors.joining(" "));

    private static MockProviderServer mock;
    private static RunningFerry ferry;

    @BeforeAll
    static void startFerry(KafkaBroker broker, @TempDir Path stateDir) throws Exception {
        mock = new MockProviderServer(new MockProviderSettings("127.0.0.1", 0, Duration.ofMillis(10), 0.0),
                Json.newMapper(), new Random(31)).start();
        ferry = RunningFerry.start(RunningFerry.environment(broker, mock.baseUrl(), stateDir));
    }

    @AfterAll
    static void stopFerry() {
        ferry.close();
        mock.close();
    }

    private static String create(String model, String input) {
        return "{\"model\":\"" + model + "\",\"input\":\"" + input + "\",\"background\":true,\"stream\":true}";
    }

    static String text(List<JsonNode> events) {
        return events.stream().filter(event -> event.path("type").asText().equals("response.output_text.delta"))
                .map(event -> event.path("delta").asText()).collect(Collectors.joining());
    }

    static void assertNumberedFrom(long first, List<JsonNode> events) {
        for (int i = 0; i < events.size(); i++) {
            assertEquals(first + i, events.get(i).path("sequence_number").asLong(), events.get(i).toString());
        }
    }

    @Test
    void shouldStreamABackgroundResponseUnderItsJobId() {
        List<JsonNode> events;
        try (SseEvents stream = SseEvents.post(ferry.url("/openai/v1/responses"), create("mock/echo", WORDS))) {
            assertEquals(200, stream.status());
            assertTrue(stream.contentType().startsWith("text/event-stream"), stream.contentType());
            events = stream.rest();
        }

        assertEquals("response.created", events.get(0).path("type").asText());
        String id = events.get(0).at("/response/id").asText();
        assertTrue(events.get(0).at("/response/background").asBoolean());
        JsonNode last = events.get(events.size() - 1);
        assertEquals("response.completed", last.path("type").asText());
        assertEquals(id, last.at("/response/id").asText());
        assertNumberedFrom(0, events);
        assertEquals("Echo: " + WORDS, text(events));
        JsonNode retrieved = json(Http.get(ferry.url("/openai/v1/responses/" + id)));
        assertEquals("completed", retrieved.path("status").asText());
        assertEquals("Echo: " + WORDS, retrieved.at("/output/0/content/0/text").asText());
    }

    @Test
    void shouldResumeAFinishedStreamAfterTheLastEventTheClientSaw() {
        List<JsonNode> all;
        try (SseEvents stream = SseEvents.post(ferry.url("/openai/v1/responses"), create("mock/echo", WORDS))) {
            all = stream.rest();
        }
        String id = all.get(0).at("/response/id").asText();

        List<JsonNode> resumed;
        try (SseEvents stream = SseEvents.get(ferry.url("/openai/v1/responses/" + id + "?stream=true&starting_after=9"))) {
            assertEquals(200, stream.status());
            resumed = stream.rest();
        }
        List<JsonNode> replayed;
        try (SseEvents stream = SseEvents.get(ferry.url("/openai/v1/responses/" + id + "?stream=true"))) {
            replayed = stream.rest();
        }

        assertEquals(all.subList(10, all.size()), resumed);
        assertEquals(all, replayed);
    }

    @Test
    void shouldResumeALiveStreamWhereTheDroppedConnectionStopped() {
        List<JsonNode> before;
        try (SseEvents stream = SseEvents.post(ferry.url("/openai/v1/responses"),
                create("mock/stream-gap-40", WORDS))) {
            before = stream.until(event -> event.path("sequence_number").asLong() == 6);
        }
        String id = before.get(0).at("/response/id").asText();
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20)).until(() ->
                "in_progress".equals(json(Http.get(ferry.url("/openai/v1/responses/" + id))).path("status").asText()));

        List<JsonNode> after;
        try (SseEvents stream = SseEvents.get(ferry.url("/openai/v1/responses/" + id + "?stream=true&starting_after=6"))) {
            after = stream.rest();
        }

        assertNumberedFrom(7, after);
        assertEquals("response.completed", after.get(after.size() - 1).path("type").asText());
        List<JsonNode> whole = new ArrayList<>(before);
        whole.addAll(after);
        assertEquals("Echo: " + WORDS, text(whole));
    }

    @Test
    void shouldServeManyStreamsAtOnce() {
        List<CompletableFuture<List<JsonNode>>> streams = IntStream.range(0, 20)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                    try (SseEvents stream = SseEvents.post(ferry.url("/openai/v1/responses"),
                            create("mock/stream-gap-5", "stream " + i + " " + WORDS))) {
                        return stream.rest();
                    }
                })).toList();

        for (int i = 0; i < streams.size(); i++) {
            List<JsonNode> events = streams.get(i).join();
            assertNumberedFrom(0, events);
            assertEquals("Echo: stream " + i + " " + WORDS, text(events));
        }
    }

    @Test
    void shouldEndTheStreamWithTheProvidersFailure() {
        List<JsonNode> events;
        try (SseEvents stream = SseEvents.post(ferry.url("/openai/v1/responses"), create("mock/fail-400", "x"))) {
            events = stream.rest();
        }

        assertEquals(1, events.size(), events.toString());
        assertEquals("error", events.get(0).path("type").asText());
        assertEquals("mock_fail_400", events.get(0).path("code").asText());
    }

    @Test
    void shouldEndAFollowedStreamWhenTheResponseIsCancelled() {
        try (SseEvents stream = SseEvents.post(ferry.url("/openai/v1/responses"),
                create("mock/stream-gap-500", WORDS))) {
            List<JsonNode> first = stream.until(event -> event.path("type").asText().equals("response.created"));
            String id = first.get(0).at("/response/id").asText();

            HttpResult cancelled = Http.post(ferry.url("/openai/v1/responses/" + id + "/cancel"), "");
            assertEquals("cancelled", json(cancelled).path("status").asText());

            List<JsonNode> rest = stream.rest();
            assertTrue(rest.size() < 10, rest.toString());
        }
    }

    @Test
    void shouldStreamAResponseThatWasNotCreatedStreamingAsItsFinalEvent() {
        String id = json(Http.post(ferry.url("/openai/v1/responses"),
                "{\"model\":\"mock/echo\",\"input\":\"quiet\",\"background\":true}")).path("id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "completed".equals(json(Http.get(ferry.url("/openai/v1/responses/" + id))).path("status").asText()));

        List<JsonNode> events;
        try (SseEvents stream = SseEvents.get(ferry.url("/openai/v1/responses/" + id + "?stream=true"))) {
            events = stream.rest();
        }

        assertEquals(1, events.size(), events.toString());
        assertEquals("response.completed", events.get(0).path("type").asText());
        assertEquals("Echo: quiet", events.get(0).at("/response/output/0/content/0/text").asText());
    }

    @Test
    void shouldAnswerAnUnknownResponsesStreamWith404() {
        HttpResult unknown = Http.get(ferry.url("/openai/v1/responses/00000000-0000-4000-8000-000000000000?stream=true"));

        assertEquals(404, unknown.status());
    }
}
