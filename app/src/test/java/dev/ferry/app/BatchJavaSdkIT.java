package dev.ferry.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponse;
import com.openai.errors.NotFoundException;
import com.openai.models.batches.Batch;
import com.openai.models.batches.BatchCreateParams;
import com.openai.models.batches.BatchListPage;
import com.openai.models.batches.BatchListParams;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FileObject;
import com.openai.models.files.FilePurpose;
import dev.ferry.core.config.MockProviderSettings;
import dev.ferry.core.serde.Json;
import dev.ferry.embeddedkafka.EmbeddedKafkaBroker;
import dev.ferry.mockprovider.MockProviderServer;
import dev.ferry.testsupport.KafkaBrokerExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official OpenAI Java SDK, unmodified, runs OpenAI's batch flow against a running Ferry: upload a JSONL file,
 * create a batch, poll it, download its output and error files, cancel, list, and see bad lines reported. Two API keys
 * make two principals, to show that one's files and batches are unknown ids to the other.
 */
@ExtendWith(KafkaBrokerExtension.class)
class BatchJavaSdkIT {

    private static final Duration BATCH_TIMEOUT = Duration.ofSeconds(60);

    private static MockProviderServer mock;
    private static RunningFerry ferry;
    private static OpenAIClient alice;
    private static OpenAIClient bob;

    @BeforeAll
    static void startFerry(EmbeddedKafkaBroker broker, @TempDir Path stateDir) throws Exception {
        mock = new MockProviderServer(new MockProviderSettings("127.0.0.1", 0, Duration.ofMillis(5), 0.0),
                Json.newMapper(), new Random(17)).start();
        Map<String, String> env = RunningFerry.environment(broker, mock.baseUrl(), stateDir);
        env.put("FERRY_API_KEYS", "alice=alice-secret-1,bob=bob-secret-2");
        ferry = RunningFerry.start(env);
        alice = client("alice-secret-1");
        bob = client("bob-secret-2");
    }

    private static OpenAIClient client(String key) {
        return OpenAIOkHttpClient.builder().apiKey(key).baseUrl(ferry.url("/openai/v1")).maxRetries(0).build();
    }

    @AfterAll
    static void stopFerry() {
        alice.close();
        bob.close();
        ferry.close();
        mock.close();
    }

    private static FileObject upload(OpenAIClient client, List<String> lines) {
        return client.files().create(FileCreateParams.builder()
                .file(BatchJsonl.file(lines).getBytes(StandardCharsets.UTF_8))
                .purpose(FilePurpose.BATCH)
                .build());
    }

    private static Batch create(OpenAIClient client, String fileId) {
        return client.batches().create(BatchCreateParams.builder()
                .inputFileId(fileId)
                .endpoint(BatchCreateParams.Endpoint.V1_RESPONSES)
                .completionWindow(BatchCreateParams.CompletionWindow._24H)
                .build());
    }

    private static Batch awaitStatus(OpenAIClient client, String batchId, Batch.Status... statuses) {
        Set<Batch.Status> wanted = Set.of(statuses);
        return await().atMost(BATCH_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> client.batches().retrieve(batchId), batch -> wanted.contains(batch.status()));
    }

    private static List<JsonNode> download(OpenAIClient client, String fileId) {
        try (HttpResponse content = client.files().content(fileId); InputStream body = content.body()) {
            List<JsonNode> lines = new ArrayList<>();
            for (String line : new String(body.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    lines.add(RunningFerry.JSON.readTree(line));
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> customIds(List<JsonNode> lines) {
        Set<String> ids = new TreeSet<>();
        lines.forEach(line -> ids.add(line.path("custom_id").asText()));
        return ids;
    }

    @Test
    void shouldRunABatchOfSucceedingAndFailingLinesToItsOutputAndErrorFiles() {
        List<String> lines = new ArrayList<>(BatchJsonl.echoLines("ok", 5));
        lines.add(BatchJsonl.line("bad-0", "mock/fail-400", "refused"));
        lines.add(BatchJsonl.line("bad-1", "mock/fail-404", "refused"));
        FileObject file = upload(alice, lines);
        assertEquals(FileObject.Purpose.BATCH, file.purpose());
        assertTrue(file.bytes() > 0);

        Batch created = create(alice, file.id());
        assertEquals(Batch.Status.VALIDATING, created.status());
        Batch done = awaitStatus(alice, created.id(), Batch.Status.COMPLETED, Batch.Status.FAILED);

        assertEquals(Batch.Status.COMPLETED, done.status());
        assertEquals(7, done.requestCounts().orElseThrow().total());
        assertEquals(5, done.requestCounts().orElseThrow().completed());
        assertEquals(2, done.requestCounts().orElseThrow().failed());
        assertTrue(done.completedAt().isPresent() && done.inProgressAt().isPresent());
        List<JsonNode> output = download(alice, done.outputFileId().orElseThrow());
        assertEquals(Set.of("ok-0", "ok-1", "ok-2", "ok-3", "ok-4"), customIds(output));
        JsonNode first = output.stream().filter(line -> line.path("custom_id").asText().equals("ok-3"))
                .findFirst().orElseThrow();
        assertEquals(200, first.path("response").path("status_code").asInt());
        assertTrue(first.path("id").asText().startsWith("batch_req_"));
        assertEquals("Echo: line 3", first.path("response").path("body").path("output").get(0).path("content")
                .get(0).path("text").asText());
        List<JsonNode> errors = download(alice, done.errorFileId().orElseThrow());
        assertEquals(Set.of("bad-0", "bad-1"), customIds(errors));
        assertTrue(errors.stream().allMatch(line -> line.path("response").path("status_code").asInt() >= 400));
    }

    @Test
    void shouldFailValidationNamingEveryBadLine() {
        List<String> lines = List.of(
                BatchJsonl.line("a", "mock/echo", "fine"),
                "{not json",
                BatchJsonl.line("a", "mock/echo", "duplicate id"),
                BatchJsonl.line("c", "mock/echo", "x").replace("/v1/responses", "/v1/chat/completions"),
                "{\"custom_id\":\"d\",\"method\":\"POST\",\"url\":\"/v1/responses\",\"body\":{\"input\":\"no model\"}}");
        Batch created = create(alice, upload(alice, lines).id());

        Batch failed = awaitStatus(alice, created.id(), Batch.Status.FAILED, Batch.Status.COMPLETED);

        assertEquals(Batch.Status.FAILED, failed.status());
        List<Long> badLines = failed.errors().orElseThrow().data().orElseThrow().stream()
                .map(error -> error.line().orElseThrow()).toList();
        assertEquals(List.of(2L, 3L, 4L, 5L), badLines);
        assertEquals("duplicate_custom_id", failed.errors().orElseThrow().data().orElseThrow().get(1).code()
                .orElseThrow());
        assertTrue(failed.failedAt().isPresent());
        assertTrue(failed.outputFileId().isEmpty());
    }

    @Test
    void shouldCancelABatchSoThatItsWaitingLinesNeverRun() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            lines.add(BatchJsonl.line("slow-" + i, "mock/sleep-30000", "slow " + i));
        }
        Batch created = create(alice, upload(alice, lines).id());
        awaitStatus(alice, created.id(), Batch.Status.IN_PROGRESS);

        Batch cancelling = alice.batches().cancel(created.id());
        assertTrue(Set.of(Batch.Status.CANCELLING, Batch.Status.CANCELLED).contains(cancelling.status()));
        assertTrue(cancelling.cancellingAt().isPresent());
        assertTrue(Set.of(Batch.Status.CANCELLING, Batch.Status.CANCELLED).contains(
                alice.batches().retrieve(created.id()).status()), "the next poll already shows the cancel");
        Batch cancelled = awaitStatus(alice, created.id(), Batch.Status.CANCELLED);

        assertEquals(0, cancelled.requestCounts().orElseThrow().completed());
        assertTrue(cancelled.cancelledAt().isPresent());
        List<JsonNode> errors = download(alice, cancelled.errorFileId().orElseThrow());
        assertEquals(20, customIds(errors).size());
        assertTrue(errors.stream().allMatch(line -> line.path("error").path("code").asText().equals("batch_cancelled")));
    }

    @Test
    void shouldListBatchesNewestFirstWithCursorPaging() {
        String fileId = upload(alice, BatchJsonl.echoLines("list", 1)).id();
        Set<String> created = new TreeSet<>();
        for (int i = 0; i < 3; i++) {
            created.add(create(alice, fileId).id());
        }

        BatchListPage first = alice.batches().list(BatchListParams.builder().limit(2).build());
        BatchListPage second = alice.batches().list(BatchListParams.builder().limit(2)
                .after(first.data().get(1).id()).build());

        List<Batch> listed = new ArrayList<>(first.data());
        listed.add(second.data().get(0));
        assertEquals(created, new TreeSet<>(listed.stream().map(Batch::id).toList()),
                "the three newest batches, each once, over the two pages");
        for (int i = 1; i < listed.size(); i++) {
            assertTrue(listed.get(i - 1).createdAt() >= listed.get(i).createdAt(), "newest first");
        }
        assertTrue(first.hasNextPage());
    }

    @Test
    void shouldRetrieveListAndDeleteFiles() {
        FileObject file = upload(alice, BatchJsonl.echoLines("files", 2));

        assertEquals(file.bytes(), alice.files().retrieve(file.id()).bytes());
        assertTrue(alice.files().list().data().stream().anyMatch(listed -> listed.id().equals(file.id())));
        try (HttpResponse content = alice.files().content(file.id())) {
            assertEquals(BatchJsonl.file(BatchJsonl.echoLines("files", 2)),
                    new String(content.body().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertTrue(alice.files().delete(file.id()).deleted());
        assertThrows(NotFoundException.class, () -> alice.files().retrieve(file.id()));
    }

    @Test
    void shouldAnswerSomeoneElsesFileAndBatchAsUnknownIds() {
        FileObject file = upload(alice, BatchJsonl.echoLines("mine", 1));
        Batch batch = create(alice, file.id());

        assertThrows(NotFoundException.class, () -> bob.files().retrieve(file.id()));
        assertThrows(NotFoundException.class, () -> bob.files().content(file.id()));
        assertThrows(NotFoundException.class, () -> bob.batches().retrieve(batch.id()));
        assertThrows(NotFoundException.class, () -> bob.batches().cancel(batch.id()));
        assertTrue(bob.batches().list().data().stream().noneMatch(listed -> listed.id().equals(batch.id())));
        assertThrows(NotFoundException.class, () -> bob.batches().retrieve("batch_" + "0".repeat(32)));
    }
}
