package dev.ferry.ingress.streams;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;

/** Finds where a job's event stream starts in {@code job-streams}, for {@link JobStreamHub}. */
public interface JobStreamLocator {

    /** Where a subscription starts reading, and where its partition ended when it was located. */
    record Position(TopicPartition partition, long offset, long end) {
    }

    /**
     * @return the job's partition, its first offset at or after {@code fromTimestampMs} (the end when there is none)
     *     and its end; completes on another thread than the caller's
     */
    CompletableFuture<Position> locate(String jobId, long fromTimestampMs);
}
