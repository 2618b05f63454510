package dev.ferry.core.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PartitionOffsetsTest {

    private static PartitionOffsets startedZeroToNine() {
        PartitionOffsets offsets = new PartitionOffsets();
        for (long offset = 0; offset < 10; offset++) {
            offsets.started(offset);
        }
        return offsets;
    }

    @Test
    void shouldCommitUpToTheLowestUnfinishedJob() {
        PartitionOffsets offsets = startedZeroToNine();
        offsets.finished(0);
        offsets.finished(1);
        offsets.finished(3);

        assertEquals(2, offsets.committable());
    }

    @Test
    void shouldCommitPastEverythingOnceAllFinished() {
        PartitionOffsets offsets = startedZeroToNine();
        for (long offset = 0; offset < 10; offset++) {
            offsets.finished(offset);
        }

        assertEquals(10, offsets.committable());
        assertEquals("", offsets.metadata());
    }

    @Test
    void shouldLetTheNextOwnerSkipJobsFinishedAboveTheCommit() {
        PartitionOffsets before = startedZeroToNine();
        before.finished(0);
        before.finished(1);
        before.finished(3);
        before.finished(5);

        PartitionOffsets after = PartitionOffsets.resume(before.committable(), before.metadata());

        assertTrue(after.alreadyFinished(3));
        assertTrue(after.alreadyFinished(5));
        assertFalse(after.alreadyFinished(2), "the committed offset itself had not finished");
        assertFalse(after.alreadyFinished(4));
        assertFalse(after.alreadyFinished(9));
    }

    @Test
    void shouldRunEverythingAgainWhenTheMetadataIsNotOurs() {
        PartitionOffsets after = PartitionOffsets.resume(2, "something else");

        assertFalse(after.alreadyFinished(3));
    }

    @Test
    void shouldSeeProgressWhenOnlyTheFinishedSetAboveTheCommitChanged() {
        PartitionOffsets offsets = startedZeroToNine();
        offsets.markCommitted(offsets.committable(), offsets.metadata());
        offsets.finished(4);

        assertTrue(offsets.hasUncommittedProgress());
    }

    @Test
    void shouldCommitAgainAfterACommitFailed() {
        PartitionOffsets offsets = startedZeroToNine();
        offsets.finished(0);
        long offset = offsets.committable();
        String metadata = offsets.metadata();
        offsets.markCommitted(offset, metadata);
        assertFalse(offsets.hasUncommittedProgress());

        offsets.commitFailed(offset, metadata);

        assertTrue(offsets.hasUncommittedProgress(), "a failed commit is not progress that was saved");
    }

    @Test
    void shouldKeepALaterCommitWhenAnEarlierOneFails() {
        PartitionOffsets offsets = startedZeroToNine();
        offsets.finished(0);
        long earlier = offsets.committable();
        String earlierMetadata = offsets.metadata();
        offsets.markCommitted(earlier, earlierMetadata);
        offsets.finished(1);
        offsets.markCommitted(offsets.committable(), offsets.metadata());

        offsets.commitFailed(earlier, earlierMetadata);

        assertFalse(offsets.hasUncommittedProgress());
    }
}
