package dev.ferry.statestore.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.serde.RawJson;
import dev.ferry.events.BatchEvent;
import dev.ferry.core.batch.BatchIds;
import dev.ferry.core.batch.BatchLog;
import dev.ferry.core.batch.BatchRecord;
import dev.ferry.core.batch.BatchStatus;
import dev.ferry.core.job.JobControl;
import dev.ferry.core.job.JobEnvelope;
import dev.ferry.core.job.JobError;
import dev.ferry.core.job.JobEvent;
import dev.ferry.core.job.JobRecord;
import dev.ferry.core.job.JobStatus;
import dev.ferry.core.job.JobSubmitted;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A batch's records ({@code batches}), its lines' submissions ({@code jobs-batch}), their workers' events
 * ({@code job-events}) and a batch cancel ({@code job-control}) are read side by side, so they are folded in any order.
 * Whatever the order: the batch ends with the same counts, status and usage; its counts never differ from what its
 * lines' job records show at that moment (a batch poll is never behind a job poll); and it announces its end on
 * {@code batch-events} exactly once.
 */
class BatchArrivalOrderTest {

    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
    private static final String OWNER = "alice";

    private JobStateDriver fixture;
    private ObjectMapper mapper;
    private TopologyTestDriver driver;
    private TestInputTopic<String, JobSubmitted> lines;
    private TestInputTopic<String, JobEvent> events;
    private TestInputTopic<String, JobControl> control;
    private TestInputTopic<String, BatchLog> batchLog;
    private TestOutputTopic<String, BatchEvent> batchEvents;
    private KeyValueStore<String, BatchRecord> batches;
    private KeyValueStore<String, JobRecord> jobs;
    private int batchCount;

    @BeforeEach
    void setUp() {
        fixture = new JobStateDriver(T0);
        mapper = fixture.mapper;
        driver = fixture.driver;
        lines = fixture.batchLines;
        events = fixture.events;
        control = fixture.control;
        batchLog = fixture.batchLog;
        batchEvents = fixture.batchEvents;
        batches = fixture.batchStore;
        jobs = fixture.jobStore;
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    /** One batch of two lines: line 0 completes with usage, line 1 fails. */
    private List<Consumer<String>> completingBatch() {
        return List.of(
                batch -> batchLog.pipeInput(batch, created(batch)),
                batch -> batchLog.pipeInput(batch, new BatchLog.BatchValidated(batch, 2, 2_000)),
                batch -> lines.pipeInput(line(batch, 0), submitted(batch, 0)),
                batch -> events.pipeInput(line(batch, 0), new JobEvent.Completed(line(batch, 0), 5_000, usage(7, 3),
                        60)),
                batch -> lines.pipeInput(line(batch, 1), submitted(batch, 1)),
                batch -> events.pipeInput(line(batch, 1), new JobEvent.Failed(line(batch, 1), 6_000,
                        new JobError(400, "invalid_request_error", "bad", "no", null), 60)));
    }

    @Test
    void shouldFoldEveryOrderOfACompletingBatchToTheSameBatch() {
        foldInEveryOrder(completingBatch(), batch -> {
            BatchRecord folded = batches.get(batch);
            assertEquals(BatchStatus.COMPLETED, folded.status());
            assertEquals(1, folded.completed());
            assertEquals(1, folded.failed());
            assertEquals(6_000L, folded.endedAtMs());
            assertEquals(10, folded.usage().totalTokens());
            assertEquals(List.of(BatchStatus.COMPLETED), terminalEvents(batch));
        });
    }

    @Test
    void shouldFoldEveryOrderOfACancelledBatchToTheSameBatch() {
        List<Consumer<String>> arrivals = List.of(
                batch -> batchLog.pipeInput(batch, created(batch)),
                batch -> batchLog.pipeInput(batch, new BatchLog.BatchValidated(batch, 2, 2_000)),
                batch -> batchLog.pipeInput(batch, new BatchLog.BatchCancelRequested(batch, 3_000, false)),
                batch -> lines.pipeInput(line(batch, 0), submitted(batch, 0)),
                batch -> events.pipeInput(line(batch, 0), new JobEvent.Completed(line(batch, 0), 2_500, usage(1, 1),
                        60)),
                batch -> lines.pipeInput(line(batch, 1), submitted(batch, 1)),
                batch -> events.pipeInput(line(batch, 1), new JobEvent.Cancelled(line(batch, 1), 4_000, 60)));
        foldInEveryOrder(arrivals, batch -> {
            BatchRecord folded = batches.get(batch);
            assertEquals(BatchStatus.CANCELLED, folded.status());
            assertEquals(1, folded.completed());
            assertEquals(1, folded.cancelledLines());
            assertEquals(4_000L, folded.endedAtMs());
            assertEquals(List.of(BatchStatus.CANCELLED), terminalEvents(batch));
        });
    }

    @Test
    void shouldFoldEveryOrderOfAnExpiredBatchToAnExpiredBatch() {
        List<Consumer<String>> arrivals = List.of(
                batch -> batchLog.pipeInput(batch, created(batch)),
                batch -> batchLog.pipeInput(batch, new BatchLog.BatchValidated(batch, 2, 2_000)),
                batch -> control.pipeInput(batch, new JobControl.CancelBatch(batch, 3_000, true)),
                batch -> lines.pipeInput(line(batch, 0), submitted(batch, 0)),
                batch -> events.pipeInput(line(batch, 0), new JobEvent.Completed(line(batch, 0), 2_500, usage(1, 1),
                        60)),
                batch -> lines.pipeInput(line(batch, 1), submitted(batch, 1)),
                batch -> events.pipeInput(line(batch, 1), new JobEvent.Cancelled(line(batch, 1), 4_000, 60)));
        foldInEveryOrder(arrivals, batch -> {
            BatchRecord folded = batches.get(batch);
            assertEquals(BatchStatus.EXPIRED, folded.status());
            assertEquals(1, folded.completed());
            List<BatchStatus> ends = terminalEvents(batch);
            assertEquals(BatchStatus.EXPIRED, ends.get(ends.size() - 1));
        });
    }

    @Test
    void shouldFoldTheCancelRecordedOnBatchesAndTheOneSentToWorkersAsOneCancel() {
        String batch = nextBatchId();
        batchLog.pipeInput(batch, created(batch));
        batchLog.pipeInput(batch, new BatchLog.BatchValidated(batch, 2, 2_000));
        batchLog.pipeInput(batch, new BatchLog.BatchCancelRequested(batch, 3_000, false));
        control.pipeInput(batch, new JobControl.CancelBatch(batch, 3_000, false));

        assertEquals(BatchStatus.CANCELLING, batches.get(batch).status());
        assertEquals(3_000L, batches.get(batch).cancelRequestedAtMs());
        assertEquals(List.of(BatchStatus.VALIDATING, BatchStatus.IN_PROGRESS, BatchStatus.CANCELLING),
                batchEvents.readValuesToList().stream().filter(event -> event.batchId().equals(batch))
                        .map(event -> BatchStatus.fromWire(event.status())).toList());
    }

    @Test
    void shouldCountALineFoldedTwiceOnce() {
        String batch = nextBatchId();
        for (Consumer<String> arrival : completingBatch()) {
            arrival.accept(batch);
        }
        lines.pipeInput(line(batch, 0), submitted(batch, 0));
        events.pipeInput(line(batch, 0), new JobEvent.Completed(line(batch, 0), 9_000, usage(7, 3), 60));

        assertEquals(1, batches.get(batch).completed());
        assertEquals(10, batches.get(batch).usage().totalTokens());
    }

    @Test
    void shouldFailABatchWhoseValidationFoundBadLines() {
        String batch = nextBatchId();
        batchLog.pipeInput(batch, created(batch));
        batchLog.pipeInput(batch, new BatchLog.BatchRejected(batch,
                List.of(new dev.ferry.core.batch.BatchLineError("invalid_json_line", "no", null, 2)), 2_000));

        assertEquals(BatchStatus.FAILED, batches.get(batch).status());
        assertEquals(List.of(BatchStatus.FAILED), terminalEvents(batch));
    }

    /** The batch's counts are exactly those of its lines' job records, after every single arrival. */
    private void assertCountsMatchTheLines(String batch) {
        BatchRecord folded = batches.get(batch);
        int completed = 0;
        int failed = 0;
        for (int i = 0; i < 2; i++) {
            JobRecord job = jobs.get(line(batch, i));
            if (job != null && job.owner() != null) {
                completed += job.status() == JobStatus.COMPLETED ? 1 : 0;
                failed += job.status() == JobStatus.FAILED ? 1 : 0;
            }
        }
        assertEquals(completed, folded == null ? 0 : folded.completed(), "completed lines of " + batch);
        assertEquals(failed, folded == null ? 0 : folded.failed(), "failed lines of " + batch);
    }

    private List<BatchStatus> terminalEvents(String batch) {
        List<BatchStatus> ended = new ArrayList<>();
        batchEvents.readKeyValuesToList().stream()
                .filter(event -> event.key.equals(batch) && event.value.isTerminal())
                .forEach(event -> ended.add(BatchStatus.fromWire(event.value.status())));
        return ended;
    }

    private String nextBatchId() {
        return "batch_" + String.format("%032x", ++batchCount);
    }

    private static String line(String batch, int index) {
        return BatchIds.lineJobId(batch, index, 1);
    }

    private static BatchLog.BatchCreated created(String batch) {
        return new BatchLog.BatchCreated(batch, OWNER, "file-" + "0".repeat(32), "/v1/responses", "24h",
                Map.of("k", "v"), 1_000, 1_000 + 86_400_000L);
    }

    private JobSubmitted submitted(String batch, int index) {
        ObjectNode request = mapper.createObjectNode().put("model", "mock/echo").put("input", "x");
        return new JobSubmitted(new JobEnvelope(line(batch, index), "mock/echo", OWNER, 60, 2_000, batch,
                "line-" + index), request);
    }

    private RawJson usage(int input, int output) {
        ObjectNode response = mapper.createObjectNode().put("status", "completed");
        response.putObject("usage").put("input_tokens", input).put("output_tokens", output)
                .put("total_tokens", input + output);
        return RawJson.of(response, mapper.writer());
    }

    private static <T> List<List<T>> permutations(List<T> items) {
        if (items.size() <= 1) {
            return List.of(items);
        }
        List<List<T>> all = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<T> rest = new ArrayList<>(items);
            T first = rest.remove(i);
            for (List<T> tail : permutations(rest)) {
                List<T> order = new ArrayList<>();
                order.add(first);
                order.addAll(tail);
                all.add(order);
            }
        }
        return all;
    }

    /**
     * Folds {@code arrivals} in every order, each order into a batch of its own, checking the counts after every
     * record; then runs {@code folded} on that batch.
     */
    private void foldInEveryOrder(List<Consumer<String>> arrivals, Consumer<String> folded) {
        for (List<Consumer<String>> order : permutations(arrivals)) {
            String batch = nextBatchId();
            for (Consumer<String> arrival : order) {
                arrival.accept(batch);
                assertCountsMatchTheLines(batch);
            }
            folded.accept(batch);
        }
    }

}
