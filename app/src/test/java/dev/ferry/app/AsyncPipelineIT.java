package dev.ferry.app;

import static dev.ferry.app.RunningFerry.json;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The async pipeline end to end: HTTP → Kafka → worker → mock provider over HTTP → Kafka → store → HTTP. */
@ExtendWith(KafkaBrokerExtension.class)
class AsyncPipelineIT {

    /** Long enough that a 20 ms call never has its start announced, even on a loaded machine. */
    private static final long STARTED_EVENT_DELAY_MS = 1_500;
    private static final String HELLO = "{\"model\":\"mock/echo\",\"input\":\"Hello, Ferry\"}";

    private static MockProviderServer mock;
    private static RunningFerry ferry;
    private static KafkaBroker kafka;

    @BeforeAll
    static void startFerry(KafkaBroker broker, @TempDir Path stateDir) throws Exception {
        kafka = broker;
        mock = new MockProviderServer(new MockProviderSettings("127.0.0.1", 0, Duration.ofMillis(20), 0.0),
                Json.newMapper(), new Random(7)).start();
        Map<String, String> env = RunningFerry.environment(broker, mock.baseUrl(), stateDir);
        env.put("FERRY_WORKER_STARTED_EVENT_DELAY_MS", Long.toString(STARTED_EVENT_DELAY_MS));
        ferry = RunningFerry.start(env);
    }

    @AfterAll
    static void stopFerry() {
        ferry.close();
        mock.close();
    }

    private static JsonNode awaitTerminal(String jobId) {
        List<HttpResult> last = new ArrayList<>(1);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            HttpResult poll = ferry.poll(jobId);
            last.add(0, poll);
            return poll.status() != 200 || !List.of("queued", "in_progress").contains(json(poll).path("status").asText());
        });
        return json(last.get(0));
    }

    @Test
    void shouldAnswerAnAsyncSubmitWithAQueuedResponseNamedByTheJobId() {
        HttpResult submit = ferry.submit(HELLO, Map.of());

        assertEquals(200, submit.status());
        JsonNode body = json(submit);
        assertEquals("queued", body.path("status").asText());
        assertEquals("response", body.path("object").asText());
        assertEquals(submit.header("x-bf-async-id"), body.path("id").asText());
        assertTrue(body.path("output").isArray());
    }

    @Test
    void shouldWriteTheAcceptedJobToTheJobsTopicBeforeAnswering() {
        HttpResult submit = ferry.submit(HELLO, Map.of());
        String jobId = submit.header("x-bf-async-id");

        List<ConsumerRecord<String, String>> records = EventsTopic.readAll(kafka, ferry.environment().get("FERRY_JOBS_TOPIC"));
        ConsumerRecord<String, String> job = records.stream().filter(r -> r.key().equals(jobId)).findFirst()
                .orElseThrow(() -> new AssertionError("job " + jobId + " is not on the jobs topic"));
        JsonNode request = json(new HttpResult(200, Map.of(), job.value()));
        assertEquals("mock/echo", request.path("model").asText());
        assertEquals("Hello, Ferry", request.path("input").asText(), "the value is the request as sent");
        assertEquals("anonymous", header(job, "ferry-owner"));
        assertEquals(jobId, header(job, "ferry-job-id"));
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void shouldServeTheProvidersFullResponseOnceTheJobCompleted() {
        String jobId = ferry.submit(HELLO, Map.of()).header("x-bf-async-id");

        JsonNode result = awaitTerminal(jobId);

        assertEquals("completed", result.path("status").asText());
        assertTrue(result.path("id").asText().startsWith("resp_"), "the provider's own response id");
        assertEquals("Echo: Hello, Ferry",
                result.path("output").get(0).path("content").get(0).path("text").asText());
    }

    @Test
    void shouldNeverAnswerNotFoundForAPollRightAfterTheSubmit() {
        for (int i = 0; i < 25; i++) {
            String jobId = ferry.submit(HELLO, Map.of()).header("x-bf-async-id");
            HttpResult poll = ferry.poll(jobId);
            assertEquals(200, poll.status(), "poll " + i + " answered " + poll.body());
        }
    }

    @Test
    void shouldPublishOnlyTheEndOfAJobThatEndsWithinTheStartedEventDelay() {
        String jobId = ferry.submit(HELLO, Map.of()).header("x-bf-async-id");
        awaitTerminal(jobId);

        List<String> types = EventsTopic.read(ferry, jobId).stream().map(e -> e.path("type").asText()).toList();
        assertEquals(List.of("completed"), types, "a 20 ms call ends long before its start would be announced");
    }

    @Test
    void shouldPublishStartedThenCompletedForAJobStillRunningAfterTheStartedEventDelay() {
        String jobId = ferry.submit("{\"model\":\"mock/sleep-" + (STARTED_EVENT_DELAY_MS * 2)
                + "\",\"input\":\"slow\"}", Map.of()).header("x-bf-async-id");
        await().atMost(Duration.ofSeconds(10)).until(() -> "in_progress".equals(json(ferry.poll(jobId)).path("status")
                .asText()));
        awaitTerminal(jobId);

        List<String> types = EventsTopic.read(ferry, jobId).stream().map(e -> e.path("type").asText()).toList();
        assertEquals(List.of("started", "completed"), types);
    }

    @Test
    void shouldAnswerWithTheProvidersErrorStatusForAFailedJob() {
        String jobId = ferry.submit("{\"model\":\"mock/fail-429\",\"input\":\"x\"}", Map.of())
                .header("x-bf-async-id");

        await().atMost(Duration.ofSeconds(30)).until(() -> ferry.poll(jobId).status() == 429);
        JsonNode error = json(ferry.poll(jobId)).path("error");
        assertEquals("rate_limit_error", error.path("type").asText());
        assertTrue(error.has("message") && error.has("param") && error.has("code"));
    }

    @Test
    void shouldAnswerNotFoundForAnUnknownJobId() {
        HttpResult poll = ferry.poll(UUID.randomUUID().toString());

        assertEquals(404, poll.status());
        assertEquals("job not found or expired", json(poll).path("error").path("message").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../etc/passwd", "not-a-uuid", "6F1C2A34-5B6D-4E7F-8A9B-0C1D2E3F4A5B", "' OR 1=1 --"})
    void shouldAnswerNotFoundForJobIdsThatAreNotJobIds(String hostile) {
        assertEquals(404, ferry.poll(hostile).status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "abc", "1.5", "86401", "99999999999999999999"})
    void shouldRejectAnInvalidResultTtl(String ttl) {
        HttpResult submit = ferry.submit(HELLO, Map.of("x-bf-async-job-result-ttl", ttl));

        assertEquals(400, submit.status());
        assertEquals("x-bf-async-job-result-ttl", json(submit).path("error").path("param").asText());
    }

    @Test
    void shouldRejectStreamingForAnAsyncRequest() {
        HttpResult submit = ferry.submit("{\"model\":\"mock/echo\",\"input\":\"x\",\"stream\":true}", Map.of());

        assertEquals(400, submit.status());
        assertEquals("stream", json(submit).path("error").path("param").asText());
    }

    @Test
    void shouldStopServingAResultOnceItsTtlRanOut() {
        String jobId = ferry.submit(HELLO, Map.of("x-bf-async-job-result-ttl", "2")).header("x-bf-async-id");
        assertEquals("completed", awaitTerminal(jobId).path("status").asText());

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> ferry.poll(jobId).status() == 404);
    }

    @Test
    void shouldAcceptAndPollThroughTheGenericAsyncRoutes() {
        HttpResult submit = Http.post(ferry.url("/v1/async/responses"), HELLO);
        assertEquals(202, submit.status());
        JsonNode accepted = json(submit);
        String jobId = accepted.path("id").asText();
        assertEquals("pending", accepted.path("status").asText(), "Bifrost's word on Bifrost's route");
        assertNotNull(accepted.get("created_at"));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> Http.get(ferry.url("/v1/async/responses/" + jobId)).status() == 200);
        JsonNode done = json(Http.get(ferry.url("/v1/async/responses/" + jobId)));
        assertEquals("completed", done.path("status").asText());
        assertEquals(200, done.path("status_code").asInt());
        assertTrue(done.path("result").path("id").asText().startsWith("resp_"));
        assertTrue(done.has("expires_at") && done.has("completed_at"));
        assertEquals("completed", json(ferry.poll(jobId)).path("status").asText(), "same job on the OpenAI route");
    }

    @Test
    void shouldAnswerAGenericPollWith202WhileTheJobIsPending() {
        HttpResult submit = Http.post(ferry.url("/v1/async/responses"),
                "{\"model\":\"mock/sleep-3000\",\"input\":\"slow\"}");
        String jobId = json(submit).path("id").asText();

        HttpResult poll = Http.get(ferry.url("/v1/async/responses/" + jobId));
        assertEquals(202, poll.status());
        assertNotEquals("completed", json(poll).path("status").asText());
    }

    @Test
    void shouldAnswerASynchronousCreateWithTheProvidersResponse() {
        HttpResult response = Http.post(ferry.url("/openai/responses"), HELLO);

        assertEquals(200, response.status());
        assertEquals("completed", json(response).path("status").asText());
    }
}
