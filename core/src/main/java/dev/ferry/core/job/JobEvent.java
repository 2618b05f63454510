package dev.ferry.core.job;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * What a worker reports about a job on the {@code job-events} topic (key = job id). This topic is also the feed for
 * event-driven integrations, so its JSON shape is part of Ferry's contract: {@code {"type":"completed","job_id":…}}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = JobEvent.Started.class, name = "started"),
    @JsonSubTypes.Type(value = JobEvent.Completed.class, name = "completed"),
    @JsonSubTypes.Type(value = JobEvent.Failed.class, name = "failed"),
    @JsonSubTypes.Type(value = JobEvent.Cancelled.class, name = "cancelled")
})
public sealed interface JobEvent {

    String jobId();

    long atMs();

    /** A worker took the job and is calling the provider. */
    record Started(String jobId, long atMs) implements JobEvent {
        public Started {
            Objects.requireNonNull(jobId, "jobId");
        }
    }

    /** The provider answered with a Responses object; the result is readable for {@code resultTtlSeconds}. */
    record Completed(String jobId, long atMs, JsonNode response, long resultTtlSeconds) implements JobEvent {
        public Completed {
            Objects.requireNonNull(jobId, "jobId");
            Objects.requireNonNull(response, "response");
        }
    }

    /** The job ended without a response; the error is readable for {@code resultTtlSeconds}. */
    record Failed(String jobId, long atMs, JobError error, long resultTtlSeconds) implements JobEvent {
        public Failed {
            Objects.requireNonNull(jobId, "jobId");
            Objects.requireNonNull(error, "error");
        }
    }

    /** The worker stopped the job (or never called the provider) because its owner cancelled or deleted it. */
    record Cancelled(String jobId, long atMs, long resultTtlSeconds) implements JobEvent {
        public Cancelled {
            Objects.requireNonNull(jobId, "jobId");
        }
    }
}
