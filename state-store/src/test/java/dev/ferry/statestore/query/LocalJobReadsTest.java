package dev.ferry.statestore.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.core.job.JobEnvelope;
import dev.ferry.core.job.JobRecord;
import dev.ferry.core.job.JobStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Which path a read takes must not depend on whether the job exists for someone else: the catch-up (an Admin call
 * and a wait on the stream thread) runs for every answer but a visible hit, so its cost tells a caller nothing.
 */
class LocalJobReadsTest {

    private static final String JOB = "3c1f6e2a-8b4d-4f7e-9a0b-1c2d3e4f5a6b";
    private static final long NOW = 1_796_040_000_000L;

    private final Map<String, JobRecord> store = new HashMap<>();
    private final List<Integer> catchUps = new ArrayList<>();
    private final LocalJobReads reads = new LocalJobReads(jobId -> 2, (jobId, partition) -> store.get(jobId),
            catchUps::add, () -> NOW);

    private static JobRecord queued(String owner) {
        return JobRecord.queued(new JobEnvelope(JOB, "mock/echo", owner, 60, NOW - 120_000));
    }

    /** A job of {@code owner} (null: its submission not folded yet) that completed at {@code completedAtMs}. */
    private static JobRecord completed(String owner, long completedAtMs) {
        JobRecord base = owner == null ? JobRecord.placeholder(JOB, NOW - 120_000) : queued(owner);
        return base.ended(JobStatus.COMPLETED, completedAtMs, 60, null, null);
    }

    @Test
    void shouldAnswerTheOwnersVisibleJobWithoutCatchingUp() {
        store.put(JOB, queued("team-a"));

        assertTrue(reads.find(JOB, "team-a").isPresent());
        assertEquals(List.of(), catchUps);
    }

    @Test
    void shouldCatchUpBeforeAnsweringThatAnUnknownJobIsNotThere() {
        assertEquals(Optional.empty(), reads.find(JOB, "team-b"));
        assertEquals(List.of(2), catchUps);
    }

    @Test
    void shouldTakeTheSamePathForSomeoneElsesJobAsForAnUnknownOne() {
        store.put(JOB, completed("team-a", NOW - 1000));

        assertEquals(Optional.empty(), reads.find(JOB, "team-b"));
        assertEquals(List.of(2), catchUps);
    }

    @Test
    void shouldTakeTheSamePathForADeletedJobAsForAnUnknownOne() {
        store.put(JOB, queued("team-a").deleted(NOW - 1000));

        assertEquals(Optional.empty(), reads.find(JOB, "team-a"));
        assertEquals(List.of(2), catchUps);
    }

    @Test
    void shouldTakeTheSamePathForAnExpiredJobAsForAnUnknownOne() {
        store.put(JOB, completed("team-a", NOW - 60_000));

        assertEquals(Optional.empty(), reads.find(JOB, "team-a"));
        assertEquals(List.of(2), catchUps);
    }

    @Test
    void shouldFindAJobWhoseSubmissionWasFoldedWhileCatchingUp() {
        store.put(JOB, completed(null, NOW - 1000));
        LocalJobReads folding = new LocalJobReads(jobId -> 2, (jobId, partition) -> store.get(jobId),
                partition -> store.put(JOB, completed("team-a", NOW - 1000)), () -> NOW);

        assertEquals(JobStatus.COMPLETED, folding.find(JOB, "team-a").orElseThrow().status());
    }
}
