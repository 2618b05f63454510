package dev.ferry.statestore.query;

import dev.ferry.core.job.JobRecord;
import dev.ferry.core.lookup.JobLookup;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;

/**
 * Reads jobs from this instance's own store partitions. A record the caller may see is answered at once. Anything
 * else (no record, a record not yet joined by its submission, someone else's job, a deleted or expired one) is
 * answered only after the store has folded everything the job's {@code jobs} partition held when the read began, and
 * then from a second read: so a poll right after a submit never says "not found", and "not yours" takes exactly the
 * path of "no such job".
 */
final class LocalJobReads implements JobLookup {

    /** Reads one job from the store partition that holds it. */
    @FunctionalInterface
    interface PartitionReads {
        /** @throws dev.ferry.core.error.FerryException.StoreUnavailable while the partition is not served here */
        JobRecord read(String jobId, int partition);
    }

    /** Waits until the store has folded what a {@code jobs} partition held when it was called. */
    @FunctionalInterface
    interface CatchUp {
        /** @throws dev.ferry.core.error.FerryException.StoreUnavailable when that does not happen in time */
        void awaitFolded(int partition);
    }

    private final ToIntFunction<String> partitionOf;
    private final PartitionReads reads;
    private final CatchUp catchUp;
    private final LongSupplier nowMs;

    LocalJobReads(ToIntFunction<String> partitionOf, PartitionReads reads, CatchUp catchUp, LongSupplier nowMs) {
        this.partitionOf = partitionOf;
        this.reads = reads;
        this.catchUp = catchUp;
        this.nowMs = nowMs;
    }

    @Override
    public Optional<JobRecord> find(String jobId, String owner) {
        int partition = partitionOf.applyAsInt(jobId);
        JobRecord job = reads.read(jobId, partition);
        if (job == null || !job.isVisibleTo(owner, nowMs.getAsLong())) {
            catchUp.awaitFolded(partition);
            job = reads.read(jobId, partition);
        }
        return Optional.ofNullable(job).filter(found -> found.isVisibleTo(owner, nowMs.getAsLong()));
    }
}
