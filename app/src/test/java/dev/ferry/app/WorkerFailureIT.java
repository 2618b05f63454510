package dev.ferry.app;

import static dev.ferry.app.RunningFerry.json;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.config.MockProviderSettings;
import dev.ferry.core.job.JobId;
import dev.ferry.core.serde.Json;
import dev.ferry.embeddedkafka.KafkaBroker;
import dev.ferry.ingress.auth.Authenticator;
import dev.ferry.mockprovider.MockProviderServer;
import dev.ferry.testsupport.Http;
import dev.ferry.testsupport.KafkaBrokerExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Retries, dead letters, deadlines and poison records: every failure ends in one visible terminal state. */
@ExtendWith(KafkaBrokerExtension.class)
class WorkerFailureIT {

    private MockProviderServer mock;

    @BeforeEach
    void startMock() {
        mock = new MockProviderServer(new MockProviderSettings("127.0.0.1", 0, Duration.ZERO, 0.0), Json.newMapper(),
                new Random(17)).start();
    }

    @AfterEach
    void stopMock() {
        mock.close();
    }

    private Map<String, String> environment(KafkaBroker kafka, Path stateDir) {
        Map<String, String> env = new HashMap<>(RunningFerry.environment(kafka, mock.baseUrl(), stateDir));
        env.put("FERRY_WORKER_MAX_ATTEMPTS", "3");
        env.put("FERRY_RETRY_BASE_DELAY_MS", "50");
        return env;
    }

    private long mockRequests() {
        return json(Http.get("http://127.0.0.1:" + mock.port() + "/mock/stats")).path("requests").asLong();
    }

    private static List<JsonNode> deadLetters(RunningFerry ferry, String key) {
        return EventsTopic.readAll(ferry.environment().get("KAFKA_BOOTSTRAP_SERVERS"),
                        ferry.environment().get("FERRY_DEAD_LETTER_TOPIC")).stream()
                .filter(record -> key.equals(record.key()))
                .map(record -> {
                    try {
                        return RunningFerry.JSON.readTree(record.value());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .toList();
    }

    @Test
    void shouldRetryARetryableFailureUpToTheAttemptLimitThenDeadLetterIt(
            KafkaBroker kafka, @TempDir Path stateDir) throws Exception {
        Map<String, String> env = environment(kafka, stateDir);
        try (RunningFerry ferry = RunningFerry.start(env)) {
            String jobId = ferry.submit("{\"model\":\"mock/fail-503\",\"input\":\"x\"}", Map.of())
                    .header("x-bf-async-id");

            await().atMost(Duration.ofSeconds(30)).until(() -> ferry.poll(jobId).status() == 503);
            assertEquals(3, mockRequests(), "three calls: the first and two retries");
            JsonNode letter = deadLetters(ferry, jobId).get(0);
            assertEquals(3, letter.path("attempts").size());
            assertEquals(503, letter.path("error").path("http_status").asInt());
            assertEquals("mock/fail-503", letter.path("job").path("model").asText());
        }
    }

    @Test
    void shouldNotRetryATerminalFailure(KafkaBroker kafka, @TempDir Path stateDir) throws Exception {
        Map<String, String> env = environment(kafka, stateDir);
        try (RunningFerry ferry = RunningFerry.start(env)) {
            String jobId = ferry.submit("{\"model\":\"mock/fail-400\",\"input\":\"x\"}", Map.of())
                    .header("x-bf-async-id");

            await().atMost(Duration.ofSeconds(30)).until(() -> ferry.poll(jobId).status() == 400);
            assertEquals(1, mockRequests());
            assertEquals(1, deadLetters(ferry, jobId).get(0).path("attempts").size());
        }
    }

    /** The second node's clock runs 2 s ahead of the first's, so the job is past its 1 s deadline when it is read. */
    @Test
    void shouldFailAJobPastItsDeadlineWithoutCallingTheProvider(
            KafkaBroker kafka, @TempDir Path stateDir) throws Exception {
        Map<String, String> env = environment(kafka, stateDir);
        env.put("FERRY_JOB_DEADLINE_SECONDS", "1");
        String jobId;
        try (RunningFerry ingressOnly = RunningFerry.start(env, EnumSet.of(Role.INGRESS))) {
            jobId = ingressOnly.submit("{\"model\":\"mock/echo\",\"input\":\"too late\"}", Map.of())
                    .header("x-bf-async-id");
        }
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(2));
        try (RunningFerry both = RunningFerry.start(env, EnumSet.allOf(Role.class), later)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> both.poll(jobId).status() == 504);
            assertEquals("job_deadline_exceeded", json(both.poll(jobId)).path("error").path("code").asText());
        }
        assertEquals(0, mockRequests());
    }

    @Test
    void shouldDeadLetterARecordThatIsNotAJobAndKeepWorking(
            KafkaBroker kafka, @TempDir Path stateDir) throws Exception {
        Map<String, String> env = environment(kafka, stateDir);
        try (RunningFerry ferry = RunningFerry.start(env);
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                        new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(env.get("FERRY_JOBS_TOPIC"), "poison",
                    "not json at all".getBytes(StandardCharsets.UTF_8))).get();

            String jobId = ferry.submit("{\"model\":\"mock/echo\",\"input\":\"after the poison\"}", Map.of())
                    .header("x-bf-async-id");

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> json(ferry.poll(jobId)).path("status").asText().equals("completed"));
            List<JsonNode> letters = deadLetters(ferry, "poison");
            assertEquals(1, letters.size());
            assertEquals("not json at all", letters.get(0).path("raw_value").asText());
            assertTrue(letters.get(0).path("error").path("message").asText().startsWith("not a job"));
        }
    }

    @Test
    void shouldFailAJobWhoseRequestCannotBeReadVisiblyToItsOwner(
            KafkaBroker kafka, @TempDir Path stateDir) throws Exception {
        Map<String, String> env = environment(kafka, stateDir);
        String jobId = JobId.random().value();
        try (RunningFerry ferry = RunningFerry.start(env);
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                        new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(env.get("FERRY_JOBS_TOPIC"), jobId,
                    "{\"model\":\"mock/echo\", truncated".getBytes(StandardCharsets.UTF_8));
            header(record, "ferry-job-id", jobId);
            header(record, "ferry-model", "mock/echo");
            header(record, "ferry-owner", Authenticator.ANONYMOUS);
            header(record, "ferry-result-ttl-seconds", "60");
            header(record, "ferry-submitted-at-ms", Long.toString(System.currentTimeMillis()));
            producer.send(record).get();

            await().atMost(Duration.ofSeconds(30)).until(() -> ferry.poll(jobId).status() == 500);
            JsonNode error = json(ferry.poll(jobId)).path("error");
            assertEquals("unreadable_job", error.path("code").asText());
            assertEquals("server_error", error.path("type").asText());
            assertEquals(1, deadLetters(ferry, jobId).size());
        }
        assertEquals(0, mockRequests());
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
