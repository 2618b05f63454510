package dev.ferry.ingress.http;

import dev.ferry.testsupport.RawSseUpstream;
import dev.ferry.ingress.TestServices;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.core.config.HttpSettings;
import dev.ferry.core.config.MockProviderSettings;
import dev.ferry.core.config.ProviderEndpoint;
import dev.ferry.core.config.ProviderSettings;
import dev.ferry.core.serde.Json;
import dev.ferry.ingress.jobs.AsyncJobs;
import dev.ferry.providers.ProviderRouter;
import dev.ferry.mockprovider.MockProviderServer;
import dev.ferry.providers.ProviderHttpClient;
import io.javalin.Javalin;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code stream:true} creates over real HTTP: the real Javalin app in front of a real mock provider or a raw socket. */
class StreamingResponsesTest {

    private static final ObjectMapper MAPPER = Json.newMapper();
    private static final Clock FIXED = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
    private static final long SEED = 20_260_102L;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final ProviderHttpClient providerHttp = ProviderHttpClient.start();

    @AfterEach
    void closeProviderHttp() throws Exception {
        providerHttp.close();
    }
    private final List<AutoCloseable> started = new ArrayList<>();
    private MockProviderServer mock;
    private Javalin ferry;

    @AfterEach
    void stopAll() throws Exception {
        if (ferry != null) {
            ferry.stop();
        }
        for (AutoCloseable closeable : started) {
            closeable.close();
        }
    }

    private MockProviderServer startMock() {
        MockProviderServer server = new MockProviderServer(
                new MockProviderSettings("127.0.0.1", 0, Duration.ZERO, 0), MAPPER, new Random(SEED), FIXED).start();
        started.add(server);
        return server;
    }

    /** Ferry with {@code mock/…} routed to a fresh deterministic mock and {@code raw/…} to {@code raw}, if given. */
    private void startFerry(RawSseUpstream raw, Duration providerTimeout) {
        mock = startMock();
        List<ProviderEndpoint> endpoints = new ArrayList<>();
        endpoints.add(ProviderEndpoint.openAiCompatible(ProviderSettings.MOCK, mock.baseUrl(), Optional.empty()));
        if (raw != null) {
            started.add(raw);
            endpoints.add(ProviderEndpoint.openAiCompatible("raw", raw.baseUrl(), Optional.empty()));
        }
        ProviderRouter router = ProviderRouter.create(new ProviderSettings(endpoints, Optional.empty()), providerHttp, MAPPER);
        AsyncJobs jobs = TestServices.jobsWithoutKafka();
        HttpSettings settings = new HttpSettings("127.0.0.1", 0, 1024 * 1024, 3600, 86400, 0, 0, 0);
        ferry = new HttpApi(settings, MAPPER, TestServices.of(jobs, router, providerTimeout)).create()
                .start("127.0.0.1", 0);
    }

    private void startFerry() {
        startFerry(null, Duration.ofSeconds(10));
    }

    private URI ferryUri(String path) {
        return URI.create("http://127.0.0.1:" + ferry.port() + path);
    }

    private static String streamBody(String model, String input) {
        return "{\"model\":\"" + model + "\",\"input\":\"" + input + "\",\"stream\":true}";
    }

    private HttpResponse<String> post(URI uri, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private long mockStat(String name) throws Exception {
        HttpResponse<String> stats = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + mock.port() + "/mock/stats")).build(),
                HttpResponse.BodyHandlers.ofString());
        return MAPPER.readTree(stats.body()).path(name).asLong();
    }

    /** Splits an SSE body into its frames, each without the blank line that ends it. */
    private static List<String> frames(String body) {
        List<String> frames = new ArrayList<>(List.of(body.split("\n\n", -1)));
        assertEquals("", frames.remove(frames.size() - 1), "the body must end with a complete frame");
        return frames;
    }

    private static JsonNode data(String frame) throws Exception {
        String[] lines = frame.split("\n");
        assertEquals(2, lines.length, frame);
        assertTrue(lines[0].startsWith("event: "), frame);
        assertTrue(lines[1].startsWith("data: "), frame);
        JsonNode data = MAPPER.readTree(lines[1].substring("data: ".length()));
        assertEquals(lines[0].substring("event: ".length()), data.path("type").asText(), frame);
        return data;
    }

    @Test
    void shouldRelayTheProvidersEventsByteForByteAndInOrder() throws Exception {
        startFerry();
        MockProviderServer twin = startMock(); // same seed and clock as Ferry's mock, so it answers the same bytes

        HttpResponse<String> direct = post(URI.create(twin.baseUrl() + "/responses"),
                streamBody("echo", "hello streaming world"));
        HttpResponse<String> relayed = post(ferryUri("/openai/v1/responses"),
                streamBody("mock/echo", "hello streaming world"));

        assertEquals(200, direct.statusCode(), direct.body());
        assertEquals(200, relayed.statusCode(), relayed.body());
        assertEquals("text/event-stream", relayed.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("no-cache", relayed.headers().firstValue("Cache-Control").orElseThrow());
        // Jetty leaves out "Connection: keep-alive" on HTTP/1.1, where it is the default; it must never say close.
        assertEquals("keep-alive", relayed.headers().firstValue("Connection").orElse("keep-alive"));
        assertEquals(direct.body(), relayed.body());
        List<String> frames = frames(relayed.body());
        assertEquals(12, frames.size()); // 4 opening events, a delta per word of "Echo: hello streaming world", 4 closing
        List<String> types = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            JsonNode data = data(frames.get(i));
            assertEquals(i, data.path("sequence_number").asInt());
            types.add(data.path("type").asText());
        }
        assertEquals(List.of("response.created", "response.in_progress", "response.output_item.added",
                "response.content_part.added"), types.subList(0, 4));
        assertEquals(List.of("response.output_text.done", "response.content_part.done", "response.output_item.done",
                "response.completed"), types.subList(types.size() - 4, types.size()));
        assertFalse(relayed.body().contains("[DONE]"));
    }

    @Test
    void shouldDeliverEventsSpacedAsTheProviderSpacesThem() throws Exception {
        startFerry();
        long start = System.nanoTime();

        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(ferryUri("/openai/responses"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(streamBody("mock/stream-gap-200", "a b")))
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());

        assertEquals(200, response.statusCode());
        List<Long> arrivalsMs = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isEmpty()) {
                    arrivalsMs.add((System.nanoTime() - start) / 1_000_000);
                }
            }
        }
        assertEquals(11, arrivalsMs.size()); // 10 gaps of 200 ms between them
        // A lower bound only: a busy machine spreads them further, a relay that buffered would not spread them at all.
        assertTrue(arrivalsMs.get(10) - arrivalsMs.get(0) >= 1_500, "events arrived together: " + arrivalsMs);
    }

    /** The upstream sends one event and holds the stream open: Ferry must relay it before the stream ends. */
    @Test
    void shouldRelayAnEventWhileTheProviderStillHoldsTheStreamOpen() throws Exception {
        String created = "event: response.created\ndata: {\"type\":\"response.created\",\"sequence_number\":0,"
                + "\"response\":{\"id\":\"resp_open\",\"object\":\"response\",\"model\":\"gpt-x\"}}\n\n";
        RawSseUpstream upstream = new RawSseUpstream(RawSseUpstream.SSE_HEAD_CHUNKED + RawSseUpstream.chunk(created),
                true);
        startFerry(upstream, Duration.ofSeconds(60));

        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(ferryUri("/openai/v1/responses"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(streamBody("raw/gpt-x", "hi")))
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            String first = readUntilFirstFrame(body);

            assertTrue(upstream.connectionOpen(), "the event came only once the provider had closed the stream");
            assertEquals(created, first);
        }
    }

    @Test
    void shouldAnswerAJsonErrorWithTheProvidersStatusWhenItRefusesTheStream() throws Exception {
        startFerry();

        HttpResponse<String> response = post(ferryUri("/openai/v1/responses"), streamBody("mock/fail-429", "hi"));

        assertEquals(429, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
        assertEquals("1", response.headers().firstValue("Retry-After").orElseThrow());
        JsonNode error = MAPPER.readTree(response.body()).path("error");
        assertEquals("rate_limit_error", error.path("type").asText());
        assertEquals("mock_fail_429", error.path("code").asText());
        assertTrue(error.has("message") && error.has("param"));
    }

    @Test
    void shouldCancelTheProviderCallWhenTheClientDisconnectsMidStream() throws Exception {
        startFerry();
        byte[] body = streamBody("mock/stream-gap-300", "one two three four five six seven eight nine ten")
                .getBytes(StandardCharsets.UTF_8);

        try (Socket client = new Socket("127.0.0.1", ferry.port())) {
            OutputStream out = client.getOutputStream();
            out.write(("POST /openai/v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            String received = readUntilFirstFrame(client.getInputStream());
            assertTrue(received.contains("event: response.created"), received);
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> mockStat("cancelled") == 1);
        assertEquals(0, mockStat("in_flight"));
        assertEquals(0, mockStat("completed"));
    }

    private static String readUntilFirstFrame(InputStream in) throws Exception {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        while (true) {
            int next = in.read();
            if (next < 0) {
                throw new AssertionError("the stream ended before its first event: " + received);
            }
            received.write(next);
            String text = received.toString(StandardCharsets.UTF_8);
            int event = text.indexOf("event: ");
            if (event >= 0 && text.indexOf("\n\n", event) >= 0) {
                return text;
            }
        }
    }

    @Test
    void shouldNeverRelayPingsOrDoneMarkers() throws Exception {
        String created = "event: response.created\ndata: {\"type\":\"response.created\",\"sequence_number\":0,"
                + "\"response\":{\"id\":\"resp_raw\",\"object\":\"response\",\"model\":\"gpt-x\"}}\n\n";
        String completed = "event: response.completed\ndata: {\"type\":\"response.completed\",\"sequence_number\":1,"
                + "\"response\":{\"id\":\"resp_raw\",\"object\":\"response\",\"model\":\"gpt-x\"}}\n\n";
        startFerry(new RawSseUpstream(RawSseUpstream.SSE_HEAD_UNTIL_CLOSE + created
                + "event: response.ping\ndata: {\"type\":\"response.ping\"}\n\n" + completed + "data: [DONE]\n\n",
                false), Duration.ofSeconds(10));

        HttpResponse<String> response = post(ferryUri("/openai/v1/responses"), streamBody("raw/gpt-x", "hi"));

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(created + completed, response.body());
    }

    @Test
    void shouldEndWithResponseFailedWhenTheProviderDiesAfterTheResponseWasCreated() throws Exception {
        String created = "event: response.created\ndata: {\"type\":\"response.created\",\"sequence_number\":0,"
                + "\"response\":{\"id\":\"resp_raw\",\"object\":\"response\",\"model\":\"gpt-x\"}}\n\n";
        startFerry(new RawSseUpstream(RawSseUpstream.SSE_HEAD_UNTIL_CLOSE + created, false), Duration.ofSeconds(10));

        HttpResponse<String> response = post(ferryUri("/openai/v1/responses"), streamBody("raw/gpt-x", "hi"));

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("text/event-stream", response.headers().firstValue("Content-Type").orElseThrow());
        List<String> frames = frames(response.body());
        assertEquals(2, frames.size(), response.body());
        assertEquals(created, frames.get(0) + "\n\n");
        JsonNode failed = data(frames.get(1));
        assertEquals("response.failed", failed.path("type").asText());
        assertEquals(1, failed.path("sequence_number").asInt());
        JsonNode failedResponse = failed.path("response");
        assertEquals("resp_raw", failedResponse.path("id").asText());
        assertEquals("response", failedResponse.path("object").asText());
        assertEquals("gpt-x", failedResponse.path("model").asText());
        assertEquals("failed", failedResponse.path("status").asText());
        assertEquals("provider_stream_interrupted", failedResponse.path("error").path("code").asText());
        assertFalse(failedResponse.path("error").path("message").asText().isEmpty());
    }

    @Test
    void shouldEndWithAnErrorEventWhenABadFrameFollowsEventsWithoutAResponseId() throws Exception {
        String delta = "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\","
                + "\"sequence_number\":4,\"delta\":\"hi\"}\n\n";
        startFerry(new RawSseUpstream(RawSseUpstream.SSE_HEAD_UNTIL_CLOSE + delta
                + "event: response.output_text.delta\ndata: {oops\n\n", true), Duration.ofSeconds(10));

        HttpResponse<String> response = post(ferryUri("/openai/v1/responses"), streamBody("raw/gpt-x", "hi"));

        assertEquals(200, response.statusCode(), response.body());
        List<String> frames = frames(response.body());
        assertEquals(2, frames.size(), response.body());
        assertEquals(delta, frames.get(0) + "\n\n");
        JsonNode error = data(frames.get(1));
        assertEquals("error", error.path("type").asText());
        assertEquals(5, error.path("sequence_number").asInt());
        assertEquals("invalid_provider_stream", error.path("code").asText());
        assertFalse(error.path("message").asText().isEmpty());
    }

    @Test
    void shouldEndWithResponseFailedWhenTheProviderGoesQuietMidStream() throws Exception {
        String created = "event: response.created\ndata: {\"type\":\"response.created\",\"sequence_number\":0,"
                + "\"response\":{\"id\":\"resp_quiet\",\"object\":\"response\",\"model\":\"gpt-x\"}}\n\n";
        startFerry(new RawSseUpstream(RawSseUpstream.SSE_HEAD_CHUNKED + RawSseUpstream.chunk(created), true),
                Duration.ofMillis(500));

        HttpResponse<String> response = post(ferryUri("/openai/v1/responses"), streamBody("raw/gpt-x", "hi"));

        assertEquals(200, response.statusCode(), response.body());
        List<String> frames = frames(response.body());
        assertEquals(2, frames.size(), response.body());
        JsonNode failed = data(frames.get(1));
        assertEquals("response.failed", failed.path("type").asText());
        assertEquals("resp_quiet", failed.path("response").path("id").asText());
        assertEquals("provider_timeout", failed.path("response").path("error").path("code").asText());
    }

    @Test
    void shouldAnswerAJsonErrorWhenTheStreamBreaksBeforeItsFirstEvent() throws Exception {
        startFerry(new RawSseUpstream(RawSseUpstream.SSE_HEAD_UNTIL_CLOSE + ": just a comment\n\n", false),
                Duration.ofSeconds(10));

        HttpResponse<String> response = post(ferryUri("/openai/v1/responses"), streamBody("raw/gpt-x", "hi"));

        assertEquals(502, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
        JsonNode error = MAPPER.readTree(response.body()).path("error");
        assertEquals("server_error", error.path("type").asText());
        assertEquals("provider_stream_interrupted", error.path("code").asText());
    }
}
