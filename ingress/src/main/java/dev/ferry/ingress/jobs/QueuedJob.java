package dev.ferry.ingress.jobs;

import dev.ferry.core.job.JobSubmitted;
import java.util.Objects;

/** A job Kafka has acknowledged, with where it was written on the {@code jobs} topic. */
public record QueuedJob(JobSubmitted job, int partition, long offset) {

    public QueuedJob {
        Objects.requireNonNull(job, "job");
    }
}
