package dev.ferry.core.job;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Objects;

/**
 * A client's request to stop or forget a job, written by ingress to the {@code job-control} topic (key = job id).
 * The job store folds it in at once; every worker reads the whole topic and aborts the provider call if it runs it.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = JobControl.Cancel.class, name = "cancel"),
    @JsonSubTypes.Type(value = JobControl.Delete.class, name = "delete")
})
public sealed interface JobControl {

    String jobId();

    long atMs();

    /** Stop the job: a job not yet finished ends as {@code cancelled}; a finished one is left as it is. */
    record Cancel(String jobId, long atMs) implements JobControl {
        public Cancel {
            Objects.requireNonNull(jobId, "jobId");
        }
    }

    /** Forget the job: it is cancelled if still running and then answers 404 like an unknown id. */
    record Delete(String jobId, long atMs) implements JobControl {
        public Delete {
            Objects.requireNonNull(jobId, "jobId");
        }
    }
}
