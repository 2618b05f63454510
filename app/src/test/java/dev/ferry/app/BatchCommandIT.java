package dev.ferry.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.cli.FerryCli;
import dev.ferry.core.config.MockProviderSettings;
import dev.ferry.core.serde.Json;
import dev.ferry.embeddedkafka.EmbeddedKafkaBroker;
import dev.ferry.mockprovider.MockProviderServer;
import dev.ferry.testsupport.Http;
import dev.ferry.testsupport.KafkaBrokerExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry batch} as a user runs it: its main entry point with real HTTP to a running Ferry (nothing of the
 * gateway's code is shared with the command), files on disk, exit codes, and a second run after an interruption that
 * resumes the same batch.
 */
@ExtendWith(KafkaBrokerExtension.class)
class BatchCommandIT {

    private static MockProviderServer mock;
    private static RunningFerry ferry;

    @TempDir
    Path work;

    /** What one run of the command printed and returned. */
    private record Run(int exit, String out, String err) {
    }

    @BeforeAll
    static void startFerry(EmbeddedKafkaBroker broker, @TempDir Path stateDir) throws Exception {
        mock = new MockProviderServer(new MockProviderSettings("127.0.0.1", 0, Duration.ofMillis(5), 0.0),
                Json.newMapper(), new Random(23)).start();
        ferry = RunningFerry.start(RunningFerry.environment(broker, mock.baseUrl(), stateDir));
    }

    @AfterAll
    static void stopFerry() {
        ferry.close();
        mock.close();
    }

    private static Run ferryBatch(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = FerryCli.run(args, Map.of("FERRY_URL", ferry.url("")), new PrintStream(out, true),
                new PrintStream(err, true));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path requests(List<String> lines) throws IOException {
        Path file = work.resolve("requests.jsonl");
        Files.writeString(file, BatchJsonl.file(lines));
        return file;
    }

    private static Set<String> customIds(Path jsonl) throws IOException {
        Set<String> ids = new TreeSet<>();
        for (String line : Files.readAllLines(jsonl)) {
            ids.add(RunningFerry.JSON.readTree(line).path("custom_id").asText());
        }
        return ids;
    }

    @Test
    void shouldRunAFileToItsResultsAndExitZero() throws Exception {
        Path input = requests(BatchJsonl.echoLines("cli", 8));
        Path output = work.resolve("results.jsonl");

        Run run = ferryBatch("batch", "run", input.toString(), "-o", output.toString(), "--poll-interval-ms", "100");

        assertEquals(0, run.exit(), run.err());
        assertEquals(8, customIds(output).size());
        assertTrue(run.out().contains("completed"), run.out());
        assertTrue(run.err().contains("8/8"), "the progress bar shows done / total: " + run.err());
    }

    @Test
    void shouldExitNonZeroWithAnErrorFileWhenLinesFail() throws Exception {
        List<String> lines = new ArrayList<>(BatchJsonl.echoLines("good", 3));
        lines.add(BatchJsonl.line("refused", "mock/fail-400", "no"));
        Path output = work.resolve("out.jsonl");

        Run run = ferryBatch("batch", "run", requests(lines).toString(), "-o", output.toString(),
                "--poll-interval-ms", "100");

        assertEquals(1, run.exit(), run.err());
        assertEquals(Set.of("good-0", "good-1", "good-2"), customIds(output));
        assertEquals(Set.of("refused"), customIds(work.resolve("out.errors.jsonl")));
    }

    @Test
    void shouldListBadLinesAndExitTwoWhenValidationFails() throws Exception {
        Path input = requests(List.of(BatchJsonl.line("x", "mock/echo", "ok"), "{broken"));

        Run run = ferryBatch("batch", "run", input.toString(), "-o", work.resolve("o.jsonl").toString(),
                "--poll-interval-ms", "100");

        assertEquals(2, run.exit(), run.err());
        assertTrue(run.out().contains("line 2: invalid_json_line"), run.out());
    }

    @Test
    void shouldResumeTheSameBatchWhenRunAgainAfterAnInterruption() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            lines.add(BatchJsonl.line("resume-" + i, "mock/sleep-2500", "wait " + i));
        }
        Path input = requests(lines);
        Path output = work.resolve("resumed.jsonl");
        Path state = work.resolve("resumed.jsonl.ferry-batch.json");
        AtomicInteger firstExit = new AtomicInteger(-1);
        Thread first = new Thread(() -> firstExit.set(ferryBatch("batch", "run", input.toString(), "-o",
                output.toString(), "--poll-interval-ms", "100").exit()));
        first.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.isRegularFile(state)
                && !RunningFerry.JSON.readTree(state.toFile()).path("batch_id").isNull());
        String batchId = RunningFerry.JSON.readTree(state.toFile()).path("batch_id").asText();
        first.interrupt();
        first.join(Duration.ofSeconds(30).toMillis());
        assertEquals(130, firstExit.get());

        Run second = ferryBatch("batch", "run", input.toString(), "-o", output.toString(), "--poll-interval-ms",
                "100");

        assertEquals(0, second.exit(), second.err());
        assertTrue(second.err().contains("Resuming batch " + batchId), second.err());
        assertEquals(6, customIds(output).size());
        JsonNode batches = RunningFerry.json(Http.get(ferry.url("/openai/v1/batches?limit=100"), Map.of()));
        String fileId = RunningFerry.JSON.readTree(state.toFile()).path("file_id").asText();
        long sameInput = 0;
        for (JsonNode batch : batches.path("data")) {
            sameInput += batch.path("input_file_id").asText().equals(fileId) ? 1 : 0;
        }
        assertEquals(1, sameInput, "the file was submitted once");
    }

    @Test
    void shouldShowCancelAndListBatches() throws Exception {
        Path input = requests(List.of(BatchJsonl.line("slow", "mock/sleep-30000", "slow")));
        String batchId = createSlowBatch(input);

        Run status = ferryBatch("batch", "status", batchId);
        Run cancel = ferryBatch("batch", "cancel", batchId);
        Run list = ferryBatch("batch", "list", "--limit", "100");

        assertEquals(0, status.exit(), status.err());
        assertTrue(status.out().startsWith(batchId), status.out());
        assertEquals(0, cancel.exit(), cancel.err());
        assertTrue(cancel.out().contains("cancel"), cancel.out());
        assertTrue(list.out().contains(batchId), list.out());
        assertEquals(3, ferryBatch("batch", "status", "batch_" + "0".repeat(32)).exit());
    }

    private static String createSlowBatch(Path input) throws IOException {
        String fileId = RunningFerry.json(BatchJsonl.upload(ferry.url("/openai/v1/files"), Map.of(),
                Files.readString(input))).path("id").asText();
        return RunningFerry.json(BatchJsonl.createBatch(ferry.url("/openai/v1/batches"), Map.of(), fileId))
                .path("id").asText();
    }
}
