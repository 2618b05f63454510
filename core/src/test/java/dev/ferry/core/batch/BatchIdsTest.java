package dev.ferry.core.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.core.topic.KeyPartitions;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BatchIdsTest {

    /** How line job ids were first made: every candidate a UUID from scratch and a string. */
    private static String lineJobIdAsFirstWritten(String batchId, int index, int partitions) {
        int wanted = KeyPartitions.partitionFor(batchId, partitions);
        for (int salt = 0; ; salt++) {
            String candidate = UUID.nameUUIDFromBytes((batchId + "/" + index + "/" + salt)
                    .getBytes(StandardCharsets.UTF_8)).toString();
            if (KeyPartitions.partitionFor(candidate, partitions) == wanted) {
                return candidate;
            }
        }
    }

    @Test
    void lineJobIdsAreTheSameAsTheyWereSoBatchesExpandedBeforeAnUpgradeResumeOnTheSameIds() {
        for (int batch = 0; batch < 20; batch++) {
            String batchId = BatchIds.newBatchId();
            for (int partitions : new int[] {1, 3, 6, 12, 48}) {
                for (int index = 0; index < 300; index++) {
                    assertEquals(lineJobIdAsFirstWritten(batchId, index, partitions),
                            BatchIds.lineJobId(batchId, index, partitions), batchId + " line " + index);
                }
            }
        }
    }

    @Test
    void aLineJobLandsInItsBatchsPartition() {
        String batchId = BatchIds.newBatchId();
        for (int index = 0; index < 1000; index++) {
            String jobId = BatchIds.lineJobId(batchId, index, 6);
            assertEquals(KeyPartitions.partitionFor(batchId, 6), KeyPartitions.partitionFor(jobId, 6));
            assertEquals(jobId, UUID.fromString(jobId).toString(), "a canonical UUID string");
        }
    }
}
