package dev.ferry.core.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.core.serde.RawJson;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JobRecordTest {

    private static final String JOB = "3c1f6e2a-8b4d-4f7e-9a0b-1c2d3e4f5a6b";
    private static final long SUBMITTED = 1_796_040_000_000L;
    private static final JobEnvelope ENVELOPE = new JobEnvelope(JOB, "mock/echo", "team-a", 60, SUBMITTED);

    @Test
    void shouldQueueAnAcceptedJobForItsOwnerWithoutExpiry() {
        JobRecord queued = JobRecord.queued(ENVELOPE);

        assertEquals(JobStatus.QUEUED, queued.status());
        assertEquals("team-a", queued.owner());
        assertEquals(SUBMITTED, queued.createdAtMs());
        assertEquals(60, queued.resultTtlSeconds());
        assertNull(queued.expiresAtMs(), "an unfinished job never expires");
        assertTrue(queued.isVisibleTo("team-a", SUBMITTED + 365L * 24 * 3600 * 1000));
    }

    @Test
    void shouldExpireAResultItsTtlAfterCompletion() {
        JobRecord completed = JobRecord.queued(ENVELOPE).started(SUBMITTED + 10)
                .ended(JobStatus.COMPLETED, SUBMITTED + 500, 60, RawJson.ofBytes("{}".getBytes(StandardCharsets.UTF_8)), null);

        assertEquals(SUBMITTED + 10, completed.startedAtMs());
        assertEquals(SUBMITTED + 500 + 60_000, completed.expiresAtMs());
        assertTrue(completed.isVisibleTo("team-a", SUBMITTED + 500 + 59_999));
        assertFalse(completed.isVisibleTo("team-a", SUBMITTED + 500 + 60_000));
    }

    @Test
    void shouldCountAJobThatEndsWithoutAStartEventAsStartedWhenItEnded() {
        JobRecord failed = JobRecord.queued(ENVELOPE).ended(JobStatus.FAILED, SUBMITTED + 700, 60, null, null);

        assertEquals(SUBMITTED + 700, failed.startedAtMs());
    }

    @Test
    void shouldLeaveAJobCancelledWhileQueuedUnstartedAndReadableForItsOwnTtl() {
        JobRecord cancelled = JobRecord.queued(ENVELOPE).cancelRequested(SUBMITTED + 300);

        assertEquals(JobStatus.CANCELLED, cancelled.status());
        assertNull(cancelled.startedAtMs());
        assertEquals(SUBMITTED + 300 + 60_000, cancelled.expiresAtMs());
    }

    @Test
    void shouldKeepTheEndOfAJobThatEndedBeforeItsOwnerCancelledIt() {
        JobRecord completed = JobRecord.queued(ENVELOPE).ended(JobStatus.COMPLETED, SUBMITTED + 500, 60, null, null);

        assertSame(completed, completed.cancelRequested(SUBMITTED + 900));
    }

    @Test
    void shouldKeepTheFirstDeleteOfAJob() {
        JobRecord deleted = JobRecord.queued(ENVELOPE).deleted(SUBMITTED + 100);

        assertSame(deleted, deleted.deleted(SUBMITTED + 200));
        assertEquals(SUBMITTED + 100 + 60_000, deleted.expiresAtMs());
        assertFalse(deleted.isVisibleTo("team-a", SUBMITTED + 150), "a deleted job answers like an unknown one");
    }

    @Test
    void shouldForgetARecordWhoseSubmissionNeverCameAfterTheOrphanRetention() {
        JobRecord orphan = JobRecord.placeholder(JOB, SUBMITTED)
                .ended(JobStatus.COMPLETED, SUBMITTED + 500, 60, null, null);

        assertEquals(SUBMITTED + JobRecord.ORPHAN_RETENTION.toMillis(), orphan.expiresAtMs());
        assertFalse(orphan.isVisibleTo("team-a", SUBMITTED + 600), "nobody owns it yet");
    }

    @Test
    void shouldStartTheTtlFromCompletionOnceALateSubmissionJoinsAnEndedJob() {
        JobRecord joined = JobRecord.placeholder(JOB, SUBMITTED + 100)
                .ended(JobStatus.COMPLETED, SUBMITTED + 500, 60, null, null)
                .joinedBy(ENVELOPE);

        assertEquals(JobStatus.COMPLETED, joined.status());
        assertEquals(SUBMITTED, joined.createdAtMs());
        assertEquals(SUBMITTED + 500 + 60_000, joined.expiresAtMs());
        assertTrue(joined.isVisibleTo("team-a", SUBMITTED + 600));
    }
}
