package dev.ferry.core.lookup;

import dev.ferry.core.job.JobRecord;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Reads the state of one job for the principal asking, without blocking the calling thread. Implementations never
 * answer "absent" for a job whose submission was acknowledged, and they answer a job that is someone else's, deleted
 * or expired exactly as they answer an unknown id, by the same path, so that neither the answer nor its timing tells
 * them apart.
 */
public interface JobLookup {

    /**
     * @return completes with the job's record if {@code owner} may see it ({@link JobRecord#isVisibleTo}), else
     *     empty; or fails with {@link dev.ferry.core.error.FerryException.StoreUnavailable} while the store cannot
     *     answer authoritatively
     */
    CompletableFuture<Optional<JobRecord>> find(String jobId, String owner);
}
