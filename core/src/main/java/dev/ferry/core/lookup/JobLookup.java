package dev.ferry.core.lookup;

import dev.ferry.core.job.JobRecord;
import java.util.Optional;

/**
 * Reads the state of one job for the principal asking. Implementations never answer "absent" for a job whose
 * submission was acknowledged, and they answer a job that is someone else's, deleted or expired exactly as they
 * answer an unknown id, by the same path, so that neither the answer nor its timing tells them apart.
 */
public interface JobLookup {

    /**
     * @return the job's record if {@code owner} may see it ({@link JobRecord#isVisibleTo}), else empty
     * @throws dev.ferry.core.error.FerryException.StoreUnavailable while the store cannot answer authoritatively
     */
    Optional<JobRecord> find(String jobId, String owner);
}
