package dev.ferry.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.RateLimitException;
import com.openai.core.http.StreamResponse;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseRetrieveParams;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseOutputText;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.inputtokens.InputTokenCountParams;
import dev.ferry.core.config.MockProviderSettings;
import dev.ferry.core.serde.Json;
import dev.ferry.embeddedkafka.KafkaBroker;
import dev.ferry.mockprovider.MockProviderServer;
import dev.ferry.testsupport.KafkaBrokerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The official OpenAI Java SDK, unmodified, pointed at a running Ferry. */
@ExtendWith(KafkaBrokerExtension.class)
class OpenAiJavaSdkIT {

    private static MockProviderServer mock;
    private static RunningFerry ferry;
    private static OpenAIClient client;

    @BeforeAll
    static void startFerry(KafkaBroker broker, @TempDir Path stateDir) throws Exception {
        mock = new MockProviderServer(new MockProviderSettings("127.0.0.1", 0, Duration.ofMillis(20), 0.0),
                Json.newMapper(), new Random(13)).start();
        ferry = RunningFerry.start(RunningFerry.environment(broker, mock.baseUrl(), stateDir));
        client = OpenAIOkHttpClient.builder()
                .apiKey("unused-without-auth")
                .baseUrl(ferry.url("/openai/v1"))
                .maxRetries(0)
                .build();
    }

    @AfterAll
    static void stopFerry() {
        client.close();
        ferry.close();
        mock.close();
    }

    private static String outputText(Response response) {
        return response.output().stream()
                .flatMap(item -> item.message().stream())
                .flatMap(message -> message.content().stream())
                .flatMap(content -> content.outputText().stream())
                .map(ResponseOutputText::text)
                .collect(Collectors.joining());
    }

    private static ResponseCreateParams.Builder request(String model, String input) {
        return ResponseCreateParams.builder().model(model).input(input);
    }

    @Test
    void shouldCreateAResponseSynchronously() {
        Response response = client.responses().create(request("mock/echo", "Hello from Java").build());

        assertEquals(ResponseStatus.COMPLETED, response.status().orElseThrow());
        assertEquals("Echo: Hello from Java", outputText(response));
    }

    @Test
    void shouldRunABackgroundResponseThroughKafkaAndRetrieveIt() {
        Response queued = client.responses().create(request("mock/echo", "later").background(true).build());
        assertEquals(ResponseStatus.QUEUED, queued.status().orElseThrow());

        await().atMost(Duration.ofSeconds(30)).until(() ->
                client.responses().retrieve(queued.id()).status().orElseThrow().equals(ResponseStatus.COMPLETED));
        Response done = client.responses().retrieve(queued.id());
        assertEquals(queued.id(), done.id());
        assertEquals("Echo: later", outputText(done));
    }

    @Test
    void shouldCancelAndDeleteABackgroundResponse() {
        Response queued = client.responses().create(request("mock/sleep-20000", "slow").background(true).build());

        assertEquals(ResponseStatus.CANCELLED, client.responses().cancel(queued.id()).status().orElseThrow());
        client.responses().delete(queued.id());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThrows(NotFoundException.class, () -> client.responses().retrieve(queued.id())));
    }

    @Test
    void shouldCountInputTokens() {
        long shortInput = client.responses().inputTokens().count(InputTokenCountParams.builder()
                .model("openai/gpt-4o").input("Hello, world!").build()).inputTokens();
        long longInput = client.responses().inputTokens().count(InputTokenCountParams.builder()
                .model("openai/gpt-4o").input("Hello, world! This sentence has quite a few more tokens.").build())
                .inputTokens();

        assertTrue(shortInput > 0);
        assertTrue(longInput > shortInput);
    }

    @Test
    void shouldSubmitAndPollAnAsyncJobThroughExtraHeaders() {
        HttpResponseFor<Response> submitted = client.responses().withRawResponse()
                .create(request("mock/echo", "via headers").putAdditionalHeader("x-bf-async", "true").build());
        String jobId = submitted.headers().values("x-bf-async-id").get(0);
        assertEquals(jobId, submitted.parse().id());
        assertEquals(ResponseStatus.QUEUED, submitted.parse().status().orElseThrow());

        await().atMost(Duration.ofSeconds(30)).until(() -> client.responses()
                .create(request("mock/echo", "ignored").putAdditionalHeader("x-bf-async-id", jobId).build())
                .status().orElseThrow().equals(ResponseStatus.COMPLETED));
        Response result = client.responses()
                .create(request("mock/echo", "ignored").putAdditionalHeader("x-bf-async-id", jobId).build());
        assertEquals("Echo: via headers", outputText(result));
    }

    @Test
    void shouldSurfaceProviderAndValidationErrorsAsTheSdksExceptions() {
        RateLimitException limited = assertThrows(RateLimitException.class,
                () -> client.responses().create(request("mock/fail-429", "x").build()));
        assertEquals(429, limited.statusCode());
        assertThrows(BadRequestException.class, () -> client.responses().create(request("nope/x", "x").build()));
    }

    private static final String WORDS = java.util.stream.IntStream.rangeClosed(1, 30)
            .mapToObj(i -> "word" + i).collect(Collectors.joining(" "));

    @Test
    void shouldStreamABackgroundResponseAndResumeItAfterTheLastEventSeen() {
        String id = null;
        long lastSeen = -1;
        StringBuilder text = new StringBuilder();
        try (StreamResponse<ResponseStreamEvent> stream = client.responses()
                .createStreaming(request("mock/stream-gap-30", WORDS).background(true).build())) {
            java.util.Iterator<ResponseStreamEvent> events = stream.stream().iterator();
            while (events.hasNext() && lastSeen < 6) {
                ResponseStreamEvent event = events.next();
                if (event.isCreated()) {
                    id = event.asCreated().response().id();
                    assertEquals(true, event.asCreated().response().background().orElse(false));
                }
                if (event.isOutputTextDelta()) {
                    text.append(event.asOutputTextDelta().delta());
                    lastSeen = event.asOutputTextDelta().sequenceNumber();
                }
            }
        }

        List<Long> sequence = new java.util.ArrayList<>();
        Response completed = null;
        try (StreamResponse<ResponseStreamEvent> rest = client.responses().retrieveStreaming(id,
                ResponseRetrieveParams.builder().startingAfter(lastSeen).build())) {
            for (ResponseStreamEvent event : (Iterable<ResponseStreamEvent>) rest.stream()::iterator) {
                if (event.isOutputTextDelta()) {
                    text.append(event.asOutputTextDelta().delta());
                    sequence.add(event.asOutputTextDelta().sequenceNumber());
                }
                if (event.isCompleted()) {
                    completed = event.asCompleted().response();
                }
            }
        }

        assertEquals(lastSeen + 1, sequence.get(0));
        assertEquals("Echo: " + WORDS, text.toString());
        assertEquals(id, completed.id());
        assertEquals("Echo: " + WORDS, outputText(completed));
    }
}
