package dev.ferry.ingress.jobs;

import dev.ferry.core.job.JobSubmitted;
import java.util.concurrent.CompletableFuture;

/** Makes an accepted job durable. The future completes only once Kafka has acknowledged it. */
public interface JobSubmitter {

    /**
     * @return completes when the job is durable; fails with
     *     {@link dev.ferry.core.error.FerryException.QueueUnavailable} when it could not be written
     */
    CompletableFuture<QueuedJob> submit(JobSubmitted job);
}
