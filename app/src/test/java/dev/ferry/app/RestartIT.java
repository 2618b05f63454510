package dev.ferry.app;

import static dev.ferry.app.RunningFerry.json;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.core.config.MockProviderSettings;
import dev.ferry.core.serde.Json;
import dev.ferry.embeddedkafka.KafkaBroker;
import dev.ferry.mockprovider.MockProviderServer;
import dev.ferry.testsupport.Http;
import dev.ferry.testsupport.HttpResult;
import dev.ferry.testsupport.KafkaBrokerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A Ferry process that stops and starts again loses neither queued jobs nor finished results. */
@ExtendWith(KafkaBrokerExtension.class)
class RestartIT {

    private static final String SLOW_JOB = "{\"model\":\"mock/sleep-1500\",\"input\":\"survive a restart\"}";

    private MockProviderServer mock;

    @BeforeEach
    void startMock() {
        mock = new MockProviderServer(new MockProviderSettings("127.0.0.1", 0, Duration.ZERO, 0.0),
                Json.newMapper(), new Random(3)).start();
    }

    @AfterEach
    void stopMock() {
        mock.close();
    }

    private long mockRequests() {
        return json(Http.get("http://127.0.0.1:" + mock.port() + "/mock/stats")).path("requests").asLong();
    }

    private static Map<String, String> withStateDir(Map<String, String> env, Path dir) {
        Map<String, String> copy = new HashMap<>(env);
        copy.put("FERRY_STATE_DIR", dir.toString());
        return copy;
    }

    private static void assertCompletedWithEcho(RunningFerry ferry, String jobId) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> "completed".equals(json(ferry.poll(jobId)).path("status").asText()));
        HttpResult poll = ferry.poll(jobId);
        assertEquals(200, poll.status());
        assertEquals("Echo: survive a restart",
                json(poll).path("output").get(0).path("content").get(0).path("text").asText());
    }

    /** Submits {@code body} to a node of its own, waits for the job to complete there, stops the node. */
    private static String finishOnANodeThatThenStops(Map<String, String> env, String body, Map<String, String> headers)
            throws Exception {
        try (RunningFerry before = RunningFerry.start(env)) {
            String jobId = before.submit(body, headers).header("x-bf-async-id");
            assertCompletedWithEcho(before, jobId);
            return jobId;
        }
    }

    @Test
    void shouldServeTheResultOfAJobSubmittedBeforeARestart(
            KafkaBroker kafka, @TempDir Path first, @TempDir Path second) throws Exception {
        Map<String, String> env = RunningFerry.environment(kafka, mock.baseUrl(), first);
        String jobId;
        try (RunningFerry before = RunningFerry.start(env)) {
            jobId = before.submit(SLOW_JOB, Map.of()).header("x-bf-async-id");
        }
        try (RunningFerry after = RunningFerry.start(withStateDir(env, second))) {
            assertCompletedWithEcho(after, jobId);
        }
    }

    @Test
    void shouldRestoreFinishedResultsFromTheChangelogIntoAnEmptyStateDirectory(
            KafkaBroker kafka, @TempDir Path first, @TempDir Path second) throws Exception {
        Map<String, String> env = RunningFerry.environment(kafka, mock.baseUrl(), first);
        String jobId = finishOnANodeThatThenStops(env, SLOW_JOB, Map.of());
        long callsBefore = mockRequests();
        try (RunningFerry after = RunningFerry.start(withStateDir(env, second))) {
            assertCompletedWithEcho(after, jobId);
        }
        assertEquals(callsBefore, mockRequests(), "a finished job is not run again after a restart");
    }

    /**
     * The expiry index has no changelog of its own: a node that restores the job store into an empty directory must
     * rebuild it, or a restored result would stay in the store for ever (polls would still refuse it, by its
     * {@code expires_at}, but the sweep would never delete it).
     */
    @Test
    void shouldStillDeleteARestoredResultWhenItsTtlRunsOut(
            KafkaBroker kafka, @TempDir Path first, @TempDir Path second) throws Exception {
        Map<String, String> env = RunningFerry.environment(kafka, mock.baseUrl(), first);
        String jobId = finishOnANodeThatThenStops(env, SLOW_JOB.replace("sleep-1500", "echo"),
                Map.of("x-bf-async-job-result-ttl", "20"));
        try (RunningFerry after = RunningFerry.start(withStateDir(env, second))) {
            assertCompletedWithEcho(after, jobId);
            assertEquals(1.0, storedResults(after), "the result was restored into the empty directory");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> storedResults(after) == 0.0);
            assertEquals(404, after.poll(jobId).status());
        }
    }

    private static double storedResults(RunningFerry ferry) {
        return PrometheusText.parse(Http.get(ferry.url("/metrics")).body())
                .sum("ferry_job_store_entries", Map.of("status", "completed"));
    }
}
