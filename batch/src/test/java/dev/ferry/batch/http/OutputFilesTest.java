package dev.ferry.batch.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.core.batch.BatchLookup;
import dev.ferry.core.batch.BatchRecord;
import dev.ferry.core.batch.BatchStatus;
import dev.ferry.core.batch.BatchUsage;
import dev.ferry.core.batch.FileRecord;
import dev.ferry.core.error.FerryException;
import dev.ferry.core.job.JobRecord;
import dev.ferry.core.job.JobStatus;
import dev.ferry.core.serde.Json;
import dev.ferry.core.serde.RawJson;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OutputFilesTest {

    private static final String BATCH_ID = "batch_0123456789abcdef0123456789abcdef";
    private static final int LINES = 1_200;

    private final ObjectMapper mapper = Json.newPayloadMapper();
    private final List<Duration> pauses = new ArrayList<>();

    @Test
    void shouldWriteEveryLineWhenAPageIsRefusedForAWhileInTheMiddleOfTheFile() throws Exception {
        // the second page is refused three times, as during a rebalance, then answered
        PagedLines lookup = new PagedLines(500, 3);

        String file = write(lookup);

        List<String> customIds = new ArrayList<>();
        for (String line : file.split("\n")) {
            customIds.add(mapper.readTree(line).path("custom_id").asText());
        }
        assertEquals(IntStream.range(0, LINES).mapToObj(i -> "line-" + i).toList(), customIds);
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)), pauses);
    }

    @Test
    void shouldFailRatherThanEndTheFileEarlyWhenThePageStaysRefused() {
        PagedLines lookup = new PagedLines(500, Integer.MAX_VALUE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertThrows(FerryException.StoreUnavailable.class, () -> outputs(lookup).write(batch(), false, "alice", out));
        Duration waited = pauses.stream().reduce(Duration.ZERO, Duration::plus);
        assertEquals(OutputFiles.PAGE_PATIENCE, waited, "it waits as long as it may, then gives up");
        assertTrue(out.size() > 0, "the first page was written before the second was refused");
    }

    @Test
    void shouldNotEndTheFileEarlyWhenAPageComesBackShort() {
        // the instance asked knows fewer lines than the batch has (it answered from an older record of the batch)
        PagedLines lookup = new PagedLines(500, 0, 700);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertThrows(FerryException.StoreUnavailable.class, () -> outputs(lookup).write(batch(), false, "alice", out));
        assertEquals(OutputFiles.PAGE_PATIENCE, pauses.stream().reduce(Duration.ZERO, Duration::plus));
    }

    private String write(BatchLookup lookup) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        outputs(lookup).write(batch(), false, "alice", out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private OutputFiles outputs(BatchLookup lookup) {
        return new OutputFiles(lookup, mapper, 6, pauses::add);
    }

    private static BatchRecord batch() {
        return new BatchRecord(BATCH_ID, "alice", "file-1", "/v1/responses", "24h", null, BatchStatus.COMPLETED, 0,
                1, LINES, 0L, null, null, null, null, LINES, 0, 0, 0L, BatchUsage.NONE);
    }

    /**
     * Answers every line as completed, refusing the page that starts at {@code refusedFrom} a number of times, and
     * knowing only the first {@code known} lines.
     */
    private static final class PagedLines implements BatchLookup {
        private final int refusedFrom;
        private final int known;
        private int refusals;

        PagedLines(int refusedFrom, int refusals) {
            this(refusedFrom, refusals, LINES);
        }

        PagedLines(int refusedFrom, int refusals, int known) {
            this.refusedFrom = refusedFrom;
            this.refusals = refusals;
            this.known = known;
        }

        @Override
        public List<JobRecord> lines(String batchId, String owner, int from, int count) {
            if (from == refusedFrom && refusals > 0) {
                refusals--;
                throw new FerryException.StoreUnavailable("the job store is rebalancing; retry shortly",
                        Duration.ofSeconds(1));
            }
            List<JobRecord> lines = new ArrayList<>();
            for (int line = from; line < Math.min(known, from + count); line++) {
                lines.add(new JobRecord("job-" + line, JobStatus.COMPLETED, owner, "m", 0, 0L, 1L, 60, 2L,
                        RawJson.ofBytes("{\"id\":\"resp\"}".getBytes(StandardCharsets.UTF_8)), null, batchId,
                        "line-" + line));
            }
            return lines;
        }

        @Override
        public Optional<BatchRecord> findBatch(String batchId, String owner) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<FileRecord> findFile(String fileId, String owner) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<BatchRecord> listBatches(String owner, String after, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<FileRecord> listFiles(String owner, String after, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void awaitFolded(String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<BatchRecord> overdueBatches(long nowMs) {
            throw new UnsupportedOperationException();
        }
    }
}
