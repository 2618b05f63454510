package dev.ferry.core.batch;

import dev.ferry.core.job.JobRecord;
import java.util.List;
import java.util.Optional;

/**
 * Reads batches, files and batch lines from the job store, wherever their partition lives. Like job lookups, a
 * record someone else owns is answered exactly as an unknown id, and a miss is authoritative only once the store has
 * folded what the {@code batches} topic held when the read began.
 */
public interface BatchLookup {

    /** @throws dev.ferry.core.error.FerryException.StoreUnavailable while the store cannot answer */
    Optional<BatchRecord> findBatch(String batchId, String owner);

    Optional<FileRecord> findFile(String fileId, String owner);

    /**
     * The job records of lines {@code from} to {@code from + count - 1} of a batch the caller may see (null for a
     * line whose job the store does not hold), in line order.
     */
    List<JobRecord> lines(String batchId, String owner, int from, int count);

    /** The caller's batches, newest first, after the batch {@code after} (or from the newest), at most {@code limit}. */
    List<BatchRecord> listBatches(String owner, String after, int limit);

    /** The caller's uploaded files, newest first. */
    List<FileRecord> listFiles(String owner, String after, int limit);

    /**
     * Waits until the store has folded everything the {@code batches} partition of {@code key} held when called, so
     * that a read after a write (a file deleted, say) sees it.
     *
     * @throws dev.ferry.core.error.FerryException.StoreUnavailable when that does not happen in time
     */
    void awaitFolded(String key);

    /** Batches past their completion window that have not ended, among those this instance serves. */
    List<BatchRecord> overdueBatches(long nowMs);
}
