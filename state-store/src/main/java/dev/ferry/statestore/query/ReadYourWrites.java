package dev.ferry.statestore.query;

import dev.ferry.core.error.FerryException;
import dev.ferry.statestore.topology.JobsTopicProgress;
import java.time.Duration;

/**
 * Makes a miss authoritative: waits until the store has folded everything a {@code jobs} partition held when the
 * lookup began (its end offset then), unless the store already had or had committed that far. Gives up with a 503
 * after the read-your-writes timeout.
 */
final class ReadYourWrites implements LocalJobReads.CatchUp {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final JobsTopicOffsets offsets;
    private final JobsTopicProgress progress;
    private final Duration timeout;

    ReadYourWrites(JobsTopicOffsets offsets, JobsTopicProgress progress, Duration timeout) {
        this.offsets = offsets;
        this.progress = progress;
        this.timeout = timeout;
    }

    @Override
    public void awaitFolded(int partition) {
        long end = offsets.endOffset(partition);
        boolean caughtUp = end == 0
                || progress.lastProcessed(partition) >= end - 1
                || offsets.committed(partition) >= end;
        if (!caughtUp && !awaitProcessed(partition, end - 1)) {
            throw new FerryException.StoreUnavailable(
                    "the job store is still catching up with submitted jobs; retry shortly", RETRY_AFTER);
        }
    }

    private boolean awaitProcessed(int partition, long offset) {
        try {
            return progress.awaitProcessed(partition, offset, timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
