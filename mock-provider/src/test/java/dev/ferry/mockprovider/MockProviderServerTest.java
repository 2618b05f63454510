package dev.ferry.mockprovider;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.Encodings;
import dev.ferry.tokens.TokenCounter;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.core.config.MockProviderSettings;
import dev.ferry.core.serde.Json;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MockProviderServerTest {

    private final ObjectMapper mapper = Json.newMapper();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private MockProviderServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private MockProviderServer start(Duration latency, double errorRate) {
        server = new MockProviderServer(
                new MockProviderSettings("127.0.0.1", 0, latency, errorRate), mapper, new Random(7)).start();
        return server;
    }

    private HttpResponse<String> post(String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/responses"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode stats() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/mock/stats")).build();
        return mapper.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    @Test
    void shouldServeUnderV1OnTheChosenPort() {
        start(Duration.ZERO, 0);

        assertTrue(server.port() > 0);
        assertEquals(URI.create("http://127.0.0.1:" + server.port() + "/v1"), server.baseUrl());
    }

    @Test
    void shouldReturnEchoResponseForPlainModel() throws Exception {
        start(Duration.ofMillis(20), 0);

        HttpResponse<String> response = post(
                "{\"model\":\"gpt-4o\",\"input\":\"hello mock world\",\"instructions\":\"be brief\"}");

        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        JsonNode body = mapper.readTree(response.body());
        assertTrue(body.get("id").asText().matches("resp_[0-9a-f]{32}"), body.get("id").asText());
        assertEquals("response", body.get("object").asText());
        assertEquals("completed", body.get("status").asText());
        assertEquals("gpt-4o", body.get("model").asText());
        assertTrue(body.get("created_at").asLong() > 1_700_000_000L);
        assertTrue(body.get("completed_at").asLong() >= body.get("created_at").asLong());
        assertTrue(body.get("error").isNull());
        assertTrue(body.get("incomplete_details").isNull());
        assertEquals("be brief", body.get("instructions").asText());
        assertTrue(body.get("metadata").isObject());
        assertEquals("disabled", body.get("truncation").asText());
        assertEquals("text", body.at("/text/format/type").asText());
        JsonNode message = body.at("/output/0");
        assertEquals("message", message.get("type").asText());
        assertTrue(message.get("id").asText().startsWith("msg_"));
        assertEquals("completed", message.get("status").asText());
        assertEquals("assistant", message.get("role").asText());
        assertEquals("output_text", message.at("/content/0/type").asText());
        assertEquals("Echo: hello mock world", message.at("/content/0/text").asText());
        assertTrue(message.at("/content/0/annotations").isArray());
        JsonNode usage = body.get("usage");
        TokenCounter tokens = new TokenCounter(Encodings.newLazyEncodingRegistry());
        int input = tokens.count("mock", "gpt-4o", mapper.readTree(
                "{\"model\":\"gpt-4o\",\"input\":\"hello mock world\",\"instructions\":\"be brief\"}"));
        int output = tokens.countText("mock", "gpt-4o", "Echo: hello mock world");
        assertEquals(input, usage.get("input_tokens").asInt());
        assertEquals(output, usage.get("output_tokens").asInt());
        assertEquals(input + output, usage.get("total_tokens").asInt());
        assertEquals(0, usage.at("/input_tokens_details/cached_tokens").asInt());
        assertEquals(0, usage.at("/output_tokens_details/reasoning_tokens").asInt());
    }

    @Test
    void shouldEchoTheLastUserMessageOfAnArrayInput() throws Exception {
        start(Duration.ZERO, 0);

        HttpResponse<String> response = post("{\"model\":\"m\",\"input\":["
                + "{\"role\":\"user\",\"content\":\"old\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"new question\"}]}]}");

        assertEquals("Echo: new question",
                mapper.readTree(response.body()).at("/output/0/content/0/text").asText());
    }

    @Test
    void shouldRejectInvalidJsonWithAnOpenAiError() throws Exception {
        start(Duration.ZERO, 0);

        HttpResponse<String> response = post("{not json");

        assertEquals(400, response.statusCode());
        JsonNode error = mapper.readTree(response.body()).get("error");
        assertEquals("invalid_request_error", error.get("type").asText());
        assertFalse(error.get("message").asText().isBlank());
        assertTrue(error.has("param"));
        assertTrue(error.has("code"));
    }

    @Test
    void shouldRejectARequestWithoutModel() throws Exception {
        start(Duration.ZERO, 0);

        HttpResponse<String> response = post("{\"input\":\"hi\"}");

        assertEquals(400, response.statusCode());
        JsonNode error = mapper.readTree(response.body()).get("error");
        assertEquals("invalid_request_error", error.get("type").asText());
        assertEquals("model", error.get("param").asText());
    }

    @Test
    void shouldAnswerFail429WithRetryAfter() throws Exception {
        start(Duration.ZERO, 0);

        HttpResponse<String> response = post("{\"model\":\"fail-429\",\"input\":\"hi\"}");

        assertEquals(429, response.statusCode());
        assertEquals("1", response.headers().firstValue("Retry-After").orElseThrow());
        assertEquals("rate_limit_error", mapper.readTree(response.body()).at("/error/type").asText());
    }

    @Test
    void shouldFailEveryRequestWhenTheErrorRateIsOne() throws Exception {
        start(Duration.ZERO, 1.0);

        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response = post("{\"model\":\"m\",\"input\":\"hi\"}");
            assertEquals(500, response.statusCode());
            assertEquals("server_error", mapper.readTree(response.body()).at("/error/type").asText());
        }
    }

    @Test
    void shouldCountRequestsInStats() throws Exception {
        start(Duration.ZERO, 0);
        post("{\"model\":\"m\",\"input\":\"hi\"}");
        post("{\"model\":\"m\",\"input\":\"hi\"}");
        post("{\"model\":\"fail-500\",\"input\":\"hi\"}");
        post("not json");

        JsonNode stats = stats();

        assertEquals(4, stats.get("requests").asLong());
        assertEquals(0, stats.get("in_flight").asLong());
        assertTrue(stats.get("max_in_flight").asLong() >= 1);
        assertEquals(2, stats.get("completed").asLong());
        assertEquals(2, stats.get("failed").asLong());
        assertEquals(0, stats.get("cancelled").asLong());
    }

    @Test
    void shouldCountARequestAsInFlightWhileItWaits() throws Exception {
        start(Duration.ZERO, 0);
        HttpRequest slow = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/responses"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"sleep-2000\",\"input\":\"hi\"}"))
                .build();
        var pending = http.sendAsync(slow, HttpResponse.BodyHandlers.ofString());

        await().atMost(Duration.ofSeconds(5)).until(() -> stats().get("in_flight").asLong() == 1);
        assertEquals(200, pending.get().statusCode());
        assertEquals(0, stats().get("in_flight").asLong());
        assertEquals(1, stats().get("max_in_flight").asLong());
    }

    @Test
    void shouldCountACancelAndNoCompletionWhenTheClientHangsUpBeforeTheAnswerIsDue() throws Exception {
        start(Duration.ZERO, 0);
        HttpRequest slow = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/responses"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"sleep-1000\",\"input\":\"hi\"}"))
                .build();
        var pending = http.sendAsync(slow, HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(5)).until(() -> stats().get("in_flight").asLong() == 1);

        assertTrue(pending.cancel(true));

        await().atMost(Duration.ofSeconds(10)).until(() -> stats().get("in_flight").asLong() == 0);
        JsonNode stats = stats();
        assertEquals(1, stats.get("cancelled").asLong());
        assertEquals(0, stats.get("completed").asLong());
    }

    @Test
    void shouldStreamServerSentEventsInOpenAiOrder() throws Exception {
        start(Duration.ZERO, 0);

        HttpResponse<String> response = post(
                "{\"model\":\"m\",\"input\":\"one two three\",\"stream\":true}");

        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("text/event-stream"));
        assertFalse(response.body().contains("[DONE]"));
        List<JsonNode> events = parseFrames(response.body());
        List<String> types = events.stream().map(event -> event.get("type").asText()).toList();
        assertEquals(List.of(
                "response.created",
                "response.in_progress",
                "response.output_item.added",
                "response.content_part.added",
                "response.output_text.delta",
                "response.output_text.delta",
                "response.output_text.delta",
                "response.output_text.delta",
                "response.output_text.done",
                "response.content_part.done",
                "response.output_item.done",
                "response.completed"), types);
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i, events.get(i).get("sequence_number").asInt());
        }
        assertEquals("in_progress", events.get(0).at("/response/status").asText());
        assertEquals(0, events.get(0).at("/response/output").size());
        StringBuilder text = new StringBuilder();
        events.stream().filter(e -> e.get("type").asText().equals("response.output_text.delta")).forEach(e -> {
            assertEquals(0, e.get("output_index").asInt());
            assertEquals(0, e.get("content_index").asInt());
            assertTrue(e.get("item_id").asText().startsWith("msg_"));
            text.append(e.get("delta").asText());
        });
        assertEquals("Echo: one two three", text.toString());
        assertEquals("Echo: one two three", events.get(8).get("text").asText());
        JsonNode completed = events.get(11).get("response");
        assertEquals("completed", completed.get("status").asText());
        assertEquals("Echo: one two three", completed.at("/output/0/content/0/text").asText());
        assertEquals(new TokenCounter(Encodings.newLazyEncodingRegistry()).countText("mock", "echo", "Echo: one two three"),
                completed.at("/usage/output_tokens").asInt());
    }

    /** Checks the framing line by line: an event line, a data line whose type matches it, then a blank line. */
    private List<JsonNode> parseFrames(String body) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        String[] lines = body.split("\n", -1);
        int i = 0;
        while (i + 2 < lines.length) {
            assertTrue(lines[i].startsWith("event: "), "line " + i + ": " + lines[i]);
            assertTrue(lines[i + 1].startsWith("data: "), "line " + (i + 1) + ": " + lines[i + 1]);
            assertEquals("", lines[i + 2]);
            JsonNode data = mapper.readTree(lines[i + 1].substring("data: ".length()));
            assertEquals(lines[i].substring("event: ".length()), data.get("type").asText());
            events.add(data);
            i += 3;
        }
        assertEquals(List.of(""), List.of(lines).subList(i, lines.length));
        return events;
    }

    @Test
    void shouldDeliverEachStreamEventAsItIsWritten() throws Exception {
        start(Duration.ZERO, 0);
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/responses"))
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"stream-gap-150\",\"input\":\"a b c d e\",\"stream\":true}"))
                .build();

        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        List<Long> arrivals = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("data: ")) {
                    arrivals.add(System.nanoTime());
                }
            }
        }

        // 14 events, 150 ms apart: if they were buffered they would all arrive together at the end.
        assertEquals(14, arrivals.size());
        long spreadMillis = (arrivals.get(arrivals.size() - 1) - arrivals.get(0)) / 1_000_000;
        assertTrue(spreadMillis >= 1500, "events arrived within " + spreadMillis + " ms");
    }

    @Test
    void shouldStopStreamingAndCountACancelWhenTheClientGoesAway() throws Exception {
        start(Duration.ZERO, 0);
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/responses"))
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"stream-gap-100\",\"input\":\"" + "word ".repeat(100) + "\",\"stream\":true}"))
                .build();

        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertTrue(reader.readLine().startsWith("event: response.created"));
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> stats().get("cancelled").asLong() == 1);
        JsonNode stats = stats();
        assertEquals(0, stats.get("completed").asLong());
        assertEquals(0, stats.get("in_flight").asLong());
    }
}
