package dev.ferry.core.job;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.ferry.core.serde.RawJson;
import java.util.Objects;

/**
 * What a worker reports about a job on the {@code job-events} topic (key = job id): the part of each public event that
 * the job store folds. The topic is Ferry's public event contract ({@code events/schemas/job-event.v1.json}); workers
 * write each event with the job's owner, metadata and batch and CloudEvents headers ({@code dev.ferry.events}), and
 * these fields keep their names there: {@code {"type":"completed","job_id":…,"at_ms":…}}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = JobEvent.Started.class, name = "started"),
    @JsonSubTypes.Type(value = JobEvent.Completed.class, name = "completed"),
    @JsonSubTypes.Type(value = JobEvent.Failed.class, name = "failed"),
    @JsonSubTypes.Type(value = JobEvent.Cancelled.class, name = "cancelled")
})
public sealed interface JobEvent {

    /** The field of a {@code completed} event's JSON that holds the provider's answer. */
    String RESPONSE_FIELD = "response";

    String jobId();

    long atMs();

    /** A worker took the job and is calling the provider. */
    record Started(String jobId, long atMs) implements JobEvent {
        public Started {
            Objects.requireNonNull(jobId, "jobId");
        }
    }

    /**
     * The provider answered with a Responses object, kept as the bytes it answered with; the result is readable for
     * {@code resultTtlSeconds}.
     */
    record Completed(String jobId, long atMs, RawJson response, long resultTtlSeconds) implements JobEvent {
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
