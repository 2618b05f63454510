package dev.ferry.batch.expand;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ferry.core.batch.BatchIds;
import dev.ferry.core.topic.KeyPartitions;
import java.util.HashSet;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ExpansionCursorTest {

    @Test
    void shouldSurviveTheTripThroughCommitMetadata() {
        ExpansionCursor cursor = new ExpansionCursor("batch_" + "ab".repeat(16), 12_000, 987_654L);

        assertEquals(cursor, ExpansionCursor.decode(cursor.encode()));
        assertEquals(true, cursor.encode().length() < 4096);
    }

    @Test
    void shouldIgnoreMetadataItDidNotWrite() {
        assertNull(ExpansionCursor.decode(""));
        assertNull(ExpansionCursor.decode(null));
        assertNull(ExpansionCursor.decode("ferry-done-v1:AAA"));
        assertNull(ExpansionCursor.decode("ferry-expand-v1:batch_x:notanumber:1"));
    }

    /** The same batch and line always give the same job id, in the batch's own partition, distinct per line. */
    @Property(tries = 200)
    void shouldDeriveLineJobIdsInTheBatchsPartition(@ForAll @IntRange(min = 1, max = 64) int partitions,
            @ForAll @IntRange(min = 0, max = 50_000) int firstLine) {
        String batch = BatchIds.newBatchId();
        Set<String> ids = new HashSet<>();
        for (int line = firstLine; line < firstLine + 20; line++) {
            String jobId = BatchIds.lineJobId(batch, line, partitions);
            assertEquals(jobId, BatchIds.lineJobId(batch, line, partitions));
            assertEquals(KeyPartitions.partitionFor(batch, partitions), KeyPartitions.partitionFor(jobId, partitions));
            assertEquals(true, dev.ferry.core.job.JobId.isValid(jobId));
            ids.add(jobId);
        }
        assertEquals(20, ids.size());
    }
}
