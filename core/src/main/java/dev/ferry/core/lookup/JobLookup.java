package dev.ferry.core.lookup;

import dev.ferry.core.job.JobRecord;
import java.util.Optional;

/** Reads the state of one job. Implementations never answer "absent" for a job whose submission was acknowledged. */
public interface JobLookup {

    /**
     * @return the job's record, or empty if no such job was ever accepted or its result expired
     * @throws dev.ferry.core.error.FerryException.StoreUnavailable while the store cannot answer authoritatively
     */
    Optional<JobRecord> find(String jobId);
}
