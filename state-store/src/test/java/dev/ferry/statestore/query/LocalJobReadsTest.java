package dev.ferry.statestore.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.core.error.FerryException;
import dev.ferry.core.job.JobRecord;
import dev.ferry.core.job.JobStatus;
import dev.ferry.statestore.topology.JobsTopicProgress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * Local lookups answer without holding a thread: a visible job at once, anything else once the store has folded what
 * the job's partition held when the lookup began (a scheduled deadline turns a store that does not get there into a
 * 503). The path taken must not depend on whether the job exists for someone else, so every answer but a visible hit
 * asks Kafka for the partition's end, and its cost tells a caller nothing. Time is a fake scheduler's: no sleeps.
 */
class LocalJobReadsTest {

    private static final String JOB = "3c1f6e2a-8b4d-4f7e-9a0b-1c2d3e4f5a6b";
    private static final int PARTITION = 2;
    private static final long NOW = 1_796_040_000_000L;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Map<String, JobRecord> store = new HashMap<>();
    private final FakePositions positions = new FakePositions();
    private final JobsTopicProgress progress = new JobsTopicProgress();
    private final ManualScheduler scheduler = new ManualScheduler();
    private final LocalJobReads reads = new LocalJobReads((jobId, partition) -> store.get(jobId),
            new ReadYourWrites(positions, progress, TIMEOUT, scheduler), () -> NOW);

    /** The {@code jobs} topic as Kafka would describe it: end offsets and the store's committed positions. */
    private static final class FakePositions implements ReadYourWrites.Positions {
        long end;
        long committed = -1;
        int endOffsetCalls;

        @Override
        public CompletableFuture<Long> endOffset(int partition) {
            endOffsetCalls++;
            return CompletableFuture.completedFuture(end);
        }

        @Override
        public CompletableFuture<Long> committed(int partition) {
            return CompletableFuture.completedFuture(committed);
        }
    }

    private static JobRecord job(String owner, JobStatus status, Long expiresAtMs) {
        return new JobRecord(JOB, status, owner, "mock/echo", NOW - 1000, null, null, 60, expiresAtMs, null, null);
    }

    private Optional<JobRecord> answer(CompletableFuture<Optional<JobRecord>> lookup) {
        scheduler.runDue();
        assertTrue(lookup.isDone(), "answered without waiting");
        return lookup.join();
    }

    @Test
    void shouldAnswerTheOwnersVisibleJobAtOnceWithoutAskingKafka() {
        store.put(JOB, job("team-a", JobStatus.QUEUED, null));

        CompletableFuture<Optional<JobRecord>> lookup = reads.find(JOB, PARTITION, "team-a");

        assertTrue(lookup.isDone());
        assertEquals(JobStatus.QUEUED, lookup.join().orElseThrow().status());
        assertEquals(0, positions.endOffsetCalls);
    }

    @Test
    void shouldAnswerThatAnUnknownJobIsNotThereOnceTheStoreHasFoldedThePartition() {
        positions.end = 8;
        progress.record(PARTITION, 7);

        assertEquals(Optional.empty(), answer(reads.find(JOB, PARTITION, "team-b")));
        assertEquals(1, positions.endOffsetCalls);
    }

    @Test
    void shouldTakeTheSamePathForSomeoneElsesJobAsForAnUnknownOne() {
        store.put(JOB, job("team-a", JobStatus.COMPLETED, NOW + 60_000));

        assertEquals(Optional.empty(), answer(reads.find(JOB, PARTITION, "team-b")));
        assertEquals(1, positions.endOffsetCalls);
    }

    @Test
    void shouldTakeTheSamePathForADeletedJobAsForAnUnknownOne() {
        store.put(JOB, job("team-a", JobStatus.DELETED, NOW + 60_000));

        assertEquals(Optional.empty(), answer(reads.find(JOB, PARTITION, "team-a")));
        assertEquals(1, positions.endOffsetCalls);
    }

    @Test
    void shouldTakeTheSamePathForAnExpiredJobAsForAnUnknownOne() {
        store.put(JOB, job("team-a", JobStatus.COMPLETED, NOW));

        assertEquals(Optional.empty(), answer(reads.find(JOB, PARTITION, "team-a")));
        assertEquals(1, positions.endOffsetCalls);
    }

    @Test
    void shouldTrustTheStoresCommittedPositionWhenThisProcessHasFoldedNothingYet() {
        positions.end = 8;
        positions.committed = 8;

        assertEquals(Optional.empty(), answer(reads.find(JOB, PARTITION, "team-a")));
    }

    @Test
    void shouldAnswerAJobSubmittedJustBeforeThePollOnceTheStreamThreadFoldsIt() {
        positions.end = 5;
        progress.record(PARTITION, 3);
        CompletableFuture<Optional<JobRecord>> lookup = reads.find(JOB, PARTITION, "team-a");
        scheduler.runDue();
        assertFalse(lookup.isDone(), "waits for offset 4 without a thread");

        store.put(JOB, job("team-a", JobStatus.QUEUED, null));
        progress.record(PARTITION, 4);
        assertFalse(lookup.isDone(), "continues on the scheduler, not on the stream thread");
        scheduler.runDue();

        assertEquals(JobStatus.QUEUED, lookup.join().orElseThrow().status());
        assertEquals(0, scheduler.pending(), "the deadline is cancelled once answered");
    }

    @Test
    void shouldAnswer503WhenTheStoreDoesNotCatchUpBeforeTheDeadline() {
        positions.end = 5;
        progress.record(PARTITION, 3);
        CompletableFuture<Optional<JobRecord>> lookup = reads.find(JOB, PARTITION, "team-a");

        scheduler.advance(TIMEOUT.minusMillis(1));
        assertFalse(lookup.isDone());
        scheduler.advance(Duration.ofMillis(1));

        CompletionException failure = assertThrows(CompletionException.class, lookup::join);
        assertInstanceOf(FerryException.StoreUnavailable.class, failure.getCause());
    }

    @Test
    void shouldAnswer503WhenThePartitionIsNotServedHere() {
        CompletableFuture<Optional<JobRecord>> lookup = new LocalJobReads((jobId, partition) -> {
            throw new FerryException.StoreUnavailable("the job store is rebalancing", Duration.ofSeconds(1));
        }, partition -> CompletableFuture.completedFuture(null), () -> NOW).find(JOB, PARTITION, "team-a");

        CompletionException failure = assertThrows(CompletionException.class, lookup::join);
        assertInstanceOf(FerryException.StoreUnavailable.class, failure.getCause());
    }
}
