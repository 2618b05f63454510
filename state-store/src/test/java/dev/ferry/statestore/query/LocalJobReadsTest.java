package dev.ferry.statestore.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    private static JobRecord job(String owner, JobStatus status, Long expiresAtMs) {
        return new JobRecord(JOB, status, owner, "mock/echo", NOW - 1000, null, null, 60, expiresAtMs, null, null);
    }

    @Test
    void shouldAnswerTheOwnersVisibleJobWithoutCatchingUp() {
        store.put(JOB, job("team-a", JobStatus.QUEUED, null));

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
        store.put(JOB, job("team-a", JobStatus.COMPLETED, NOW + 60_000));

        assertEquals(Optional.empty(), reads.find(JOB, "team-b"));
        assertEquals(List.of(2), catchUps);
    }

    @Test
    void shouldTakeTheSamePathForADeletedJobAsForAnUnknownOne() {
        store.put(JOB, job("team-a", JobStatus.DELETED, NOW + 60_000));

        assertEquals(Optional.empty(), reads.find(JOB, "team-a"));
        assertEquals(List.of(2), catchUps);
    }

    @Test
    void shouldTakeTheSamePathForAnExpiredJobAsForAnUnknownOne() {
        store.put(JOB, job("team-a", JobStatus.COMPLETED, NOW));

        assertEquals(Optional.empty(), reads.find(JOB, "team-a"));
        assertEquals(List.of(2), catchUps);
    }

    @Test
    void shouldFindAJobWhoseSubmissionWasFoldedWhileCatchingUp() {
        store.put(JOB, job(null, JobStatus.COMPLETED, NOW + 60_000));
        LocalJobReads folding = new LocalJobReads(jobId -> 2, (jobId, partition) -> store.get(jobId),
                partition -> store.put(JOB, job("team-a", JobStatus.COMPLETED, NOW + 60_000)), () -> NOW);

        assertEquals(JobStatus.COMPLETED, folding.find(JOB, "team-a").orElseThrow().status());
    }
}
