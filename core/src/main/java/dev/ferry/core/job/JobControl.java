package dev.ferry.core.job;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Objects;

/**
 * A client's request to stop or forget a job, written by ingress to the {@code job-control} topic (key = job id).
 * The job store folds it in at once; every worker reads the whole topic and aborts the provider call if it runs it.
 * A batch is stopped as a whole ({@link CancelBatch}, key = batch id): its lines share the batch's partition.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = JobControl.Cancel.class, name = "cancel"),
    @JsonSubTypes.Type(value = JobControl.Delete.class, name = "delete"),
    @JsonSubTypes.Type(value = JobControl.CancelBatch.class, name = "cancel_batch")
})
public sealed interface JobControl {

    /** The record key: the job id, or the batch id of a {@link CancelBatch}. */
    @JsonIgnore
    String key();

    long atMs();

    /** Stop the job: a job not yet finished ends as {@code cancelled}; a finished one is left as it is. */
    record Cancel(String jobId, long atMs) implements JobControl {
        public Cancel {
            Objects.requireNonNull(jobId, "jobId");
        }

        @Override
        public String key() {
            return jobId;
        }
    }

    /** Forget the job: it is cancelled if still running and then answers 404 like an unknown id. */
    record Delete(String jobId, long atMs) implements JobControl {
        public Delete {
            Objects.requireNonNull(jobId, "jobId");
        }

        @Override
        public String key() {
            return jobId;
        }
    }

    /**
     * Stop every line of a batch: lines still queued end as {@code cancelled} without calling the provider, running
     * calls are aborted, finished lines stay as they are. With {@code expired} the batch's completion window passed.
     */
    record CancelBatch(String batchId, long atMs, boolean expired) implements JobControl {
        public CancelBatch {
            Objects.requireNonNull(batchId, "batchId");
        }

        @Override
        public String key() {
            return batchId;
        }
    }
}
