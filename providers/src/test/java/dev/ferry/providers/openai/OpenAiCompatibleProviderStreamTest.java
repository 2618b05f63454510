package dev.ferry.providers.openai;

import dev.ferry.testsupport.RawSseUpstream;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.config.MockProviderSettings;
import dev.ferry.core.config.ProviderEndpoint;
import dev.ferry.core.serde.Json;
import dev.ferry.providers.StreamEvent;
import dev.ferry.providers.StreamOutcome;
import dev.ferry.mockprovider.MockProviderServer;
import dev.ferry.providers.ProviderHttpClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenAiCompatibleProviderStreamTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ObjectMapper mapper = Json.newMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ProviderHttpClient providerHttp = ProviderHttpClient.start();

    @AfterEach
    void closeProviderHttp() throws Exception {
        providerHttp.close();
    }
    private final List<StreamEvent> events = new CopyOnWriteArrayList<>();
    private MockProviderServer mock;
    private RawSseUpstream raw;

    @AfterEach
    void stop() throws Exception {
        if (mock != null) {
            mock.close();
        }
        if (raw != null) {
            raw.close();
        }
    }

    private OpenAiCompatibleProvider mockProvider() {
        mock = new MockProviderServer(
                new MockProviderSettings("127.0.0.1", 0, Duration.ZERO, 0), mapper, new Random(3)).start();
        return provider(mock.baseUrl());
    }

    private OpenAiCompatibleProvider rawProvider(String answer, boolean holdOpen) throws Exception {
        raw = new RawSseUpstream(answer, holdOpen);
        return provider(raw.baseUrl());
    }

    private OpenAiCompatibleProvider provider(URI baseUrl) {
        return new OpenAiCompatibleProvider(
                ProviderEndpoint.openAiCompatible("test", baseUrl, Optional.empty()), providerHttp, mapper);
    }

    private ObjectNode request(String input) {
        ObjectNode request = mapper.createObjectNode();
        request.put("model", "test/whatever");
        request.put("input", input);
        request.put("stream", true);
        return request;
    }

    private CompletableFuture<StreamOutcome> collect(OpenAiCompatibleProvider provider, String model, Duration timeout) {
        return provider.streamResponse(model, request("one two three"), timeout, event -> {
            events.add(event);
            return CompletableFuture.completedFuture(null);
        });
    }

    private long mockStat(String name) throws Exception {
        HttpRequest stats = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + mock.port() + "/mock/stats"))
                .build();
        return mapper.readTree(http.send(stats, HttpResponse.BodyHandlers.ofString()).body()).path(name).asLong();
    }

    @Test
    void shouldHandEveryEventToTheListenerInOrderWithItsNameAndRawData() throws Exception {
        StreamOutcome outcome = collect(mockProvider(), "echo", TIMEOUT).get(10, TimeUnit.SECONDS);

        StreamOutcome.Completed completed = assertInstanceOf(StreamOutcome.Completed.class, outcome);
        assertEquals(events.size(), completed.events());
        assertEquals(12, events.size()); // 4 opening events, a delta per word of "Echo: one two three", 4 closing
        for (int i = 0; i < events.size(); i++) {
            StreamEvent event = events.get(i);
            JsonNode data = mapper.readTree(event.data());
            assertEquals(event.type(), data.path("type").asText());
            assertEquals(i, data.path("sequence_number").asInt());
            assertEquals(data, event.json());
        }
        assertEquals("response.created", events.get(0).type());
        assertEquals("response.completed", events.get(events.size() - 1).type());
        assertEquals("echo", events.get(0).json().path("response").path("model").asText());
    }

    @Test
    void shouldReportTheProvidersStatusWhenItRefusesTheStream() throws Exception {
        StreamOutcome outcome = collect(mockProvider(), "fail-429", TIMEOUT).get(10, TimeUnit.SECONDS);

        StreamOutcome.Failed failed = assertInstanceOf(StreamOutcome.Failed.class, outcome);
        assertTrue(failed.beforeFirstEvent());
        assertEquals(429, failed.failure().error().httpStatus());
        assertEquals("rate_limit_error", failed.failure().error().type());
        assertEquals("mock_fail_429", failed.failure().error().code());
        assertEquals(Optional.of(Duration.ofSeconds(1)), failed.failure().retryAfter());
        assertTrue(events.isEmpty());
    }

    /**
     * The mock writes all 12 events at once. Every event handed over while the listener's future is pending is
     * counted, whenever it comes; the mock's completed stream marks the point by which all of them were on their way.
     */
    @Test
    void shouldHandNoFurtherEventWhileTheListenerIsNotReady() throws Exception {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        AtomicInteger early = new AtomicInteger();
        CompletableFuture<StreamOutcome> outcome = mockProvider().streamResponse(
                "echo", request("one two three"), TIMEOUT, event -> {
                    if (!events.isEmpty() && !ready.isDone()) {
                        early.incrementAndGet();
                    }
                    events.add(event);
                    return ready;
                });
        await().atMost(Duration.ofSeconds(5)).until(() -> !events.isEmpty() && mockStat("completed") == 1);

        assertEquals(0, early.get(), "events handed to a listener that was not ready");
        assertFalse(outcome.isDone());
        ready.complete(null);

        assertInstanceOf(StreamOutcome.Completed.class, outcome.get(10, TimeUnit.SECONDS));
        assertEquals(12, events.size());
    }

    /**
     * Events handed over after the cancel are counted; the mock's cancel count says the upstream connection is gone,
     * so no byte of the stream is still to come from it.
     */
    @Test
    void shouldAbortTheUpstreamAndHandNoFurtherEventWhenCancelled() throws Exception {
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicInteger late = new AtomicInteger();
        CompletableFuture<StreamOutcome> outcome = mockProvider().streamResponse(
                "stream-gap-300", request("one two three"), TIMEOUT, event -> {
                    if (cancelled.get()) {
                        late.incrementAndGet();
                    }
                    events.add(event);
                    return CompletableFuture.completedFuture(null);
                });
        await().atMost(Duration.ofSeconds(5)).until(() -> !events.isEmpty());

        assertTrue(outcome.cancel(true));
        cancelled.set(true);

        await().atMost(Duration.ofSeconds(3)).until(() -> mockStat("cancelled") == 1);
        assertEquals(0, mockStat("completed"), "the upstream sent its whole stream");
        assertEquals(0, late.get(), "events handed over after the cancel");
    }

    @Test
    void shouldDropPingsAndDoneMarkersAndNameUnnamedEventsByTheirType() throws Exception {
        String body = ": a comment\n\n"
                + "event: response.created\ndata: {\"type\":\"response.created\",\"sequence_number\":0}\n\n"
                + "event: response.ping\ndata: {\"type\":\"response.ping\"}\n\n"
                + "data: {\"type\":\"response.output_text.delta\",\"sequence_number\":1,\"delta\":\"hi\"}\n\n"
                + "data: {\"type\":\"response.ping\"}\n\n"
                + "event: response.completed\r\ndata: {\"type\":\"response.completed\",\r\ndata: \"sequence_number\":2}\r\n\r\n"
                + "data: [DONE]\n\n";
        StreamOutcome outcome = collect(rawProvider(RawSseUpstream.SSE_HEAD_UNTIL_CLOSE + body, false), "m", TIMEOUT)
                .get(10, TimeUnit.SECONDS);

        assertInstanceOf(StreamOutcome.Completed.class, outcome);
        assertEquals(List.of("response.created", "response.output_text.delta", "response.completed"),
                events.stream().map(StreamEvent::type).toList());
        assertEquals("{\"type\":\"response.created\",\"sequence_number\":0}", events.get(0).data());
        assertEquals("{\"type\":\"response.completed\",\n\"sequence_number\":2}", events.get(2).data());
        JsonNode sent = mapper.readTree(raw.requestBody());
        assertTrue(sent.path("stream").asBoolean());
        assertEquals("m", sent.path("model").asText());
    }

    @Test
    void shouldFailAfterTheEventsSentWhenTheUpstreamClosesBeforeATerminalEvent() throws Exception {
        String body = "event: response.created\ndata: {\"type\":\"response.created\",\"sequence_number\":0}\n\n";
        StreamOutcome outcome = collect(rawProvider(RawSseUpstream.SSE_HEAD_UNTIL_CLOSE + body, false), "m", TIMEOUT)
                .get(10, TimeUnit.SECONDS);

        StreamOutcome.Failed failed = assertInstanceOf(StreamOutcome.Failed.class, outcome);
        assertEquals(1, failed.events());
        assertEquals(502, failed.failure().error().httpStatus());
        assertEquals("provider_stream_interrupted", failed.failure().error().code());
        assertTrue(failed.failure().retryable());
    }

    @Test
    void shouldFailAfterTheEventsSentWhenTheConnectionDropsMidBody() throws Exception {
        String answer = RawSseUpstream.SSE_HEAD_CHUNKED
                + RawSseUpstream.chunk("event: response.created\ndata: {\"type\":\"response.created\"}\n\n")
                + "40\r\nevent: response.in_prog"; // a chunk cut short, then the connection closes
        StreamOutcome outcome = collect(rawProvider(answer, false), "m", TIMEOUT).get(10, TimeUnit.SECONDS);

        StreamOutcome.Failed failed = assertInstanceOf(StreamOutcome.Failed.class, outcome);
        assertEquals(1, failed.events());
        assertEquals("provider_stream_interrupted", failed.failure().error().code());
    }

    @Test
    void shouldFailOnAnEventWhoseDataIsNotJson() throws Exception {
        String body = "event: response.created\ndata: {\"type\":\"response.created\"}\n\n"
                + "event: response.in_progress\ndata: {not json\n\n";
        StreamOutcome outcome = collect(rawProvider(RawSseUpstream.SSE_HEAD_UNTIL_CLOSE + body, true), "m", TIMEOUT)
                .get(10, TimeUnit.SECONDS);

        StreamOutcome.Failed failed = assertInstanceOf(StreamOutcome.Failed.class, outcome);
        assertEquals(1, failed.events());
        assertEquals(502, failed.failure().error().httpStatus());
        assertEquals("invalid_provider_stream", failed.failure().error().code());
    }

    @Test
    void shouldTimeOutAStreamThatGoesQuiet() throws Exception {
        String body = "event: response.created\ndata: {\"type\":\"response.created\"}\n\n";
        StreamOutcome outcome = collect(
                rawProvider(RawSseUpstream.SSE_HEAD_CHUNKED + RawSseUpstream.chunk(body), true),
                "m",
                Duration.ofMillis(300)).get(10, TimeUnit.SECONDS);

        StreamOutcome.Failed failed = assertInstanceOf(StreamOutcome.Failed.class, outcome);
        assertEquals(1, failed.events());
        assertEquals(504, failed.failure().error().httpStatus());
        assertEquals("provider_timeout", failed.failure().error().code());
    }

    @Test
    void shouldRefuseAnAnswerThatIsNotAnEventStream() throws Exception {
        String answer = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
        StreamOutcome outcome = collect(rawProvider(answer, false), "m", TIMEOUT).get(10, TimeUnit.SECONDS);

        StreamOutcome.Failed failed = assertInstanceOf(StreamOutcome.Failed.class, outcome);
        assertTrue(failed.beforeFirstEvent());
        assertEquals("invalid_provider_stream", failed.failure().error().code());
    }
}
