package dev.ferry.statestore.query;

import dev.ferry.core.job.JobRecord;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * Reads jobs from this instance's own store partitions. A record the caller may see is answered at once. Anything
 * else (no record, a record not yet joined by its submission, someone else's job, a deleted or expired one) is
 * answered only after the store has folded everything the job's {@code jobs} partition held when the read began, and
 * then from a second read: so a poll right after a submit never says "not found", and "not yours" takes exactly the
 * path of "no such job".
 */
final class LocalJobReads {

    /** Reads one job from the store partition that holds it. */
    @FunctionalInterface
    interface PartitionReads {
        /** @throws dev.ferry.core.error.FerryException.StoreUnavailable while the partition is not served here */
        JobRecord read(String jobId, int partition);
    }

    /** Completes once the store has folded what a {@code jobs} partition held when it was called. */
    @FunctionalInterface
    interface CatchUp {
        /** Fails with {@link dev.ferry.core.error.FerryException.StoreUnavailable} when that does not happen in time. */
        CompletableFuture<Void> folded(int partition);
    }

    private final PartitionReads reads;
    private final CatchUp catchUp;
    private final LongSupplier nowMs;

    LocalJobReads(PartitionReads reads, CatchUp catchUp, LongSupplier nowMs) {
        this.reads = reads;
        this.catchUp = catchUp;
        this.nowMs = nowMs;
    }

    /** @param partition the store partition holding {@code jobId}, as Kafka Streams places the key */
    CompletableFuture<Optional<JobRecord>> find(String jobId, int partition, String owner) {
        JobRecord job;
        try {
            job = reads.read(jobId, partition);
        } catch (RuntimeException unavailable) {
            return CompletableFuture.failedFuture(unavailable);
        }
        if (job != null && job.isVisibleTo(owner, nowMs.getAsLong())) {
            return CompletableFuture.completedFuture(Optional.of(job));
        }
        return catchUp.folded(partition).thenApply(ignored -> Optional.ofNullable(reads.read(jobId, partition))
                .filter(found -> found.isVisibleTo(owner, nowMs.getAsLong())));
    }
}
