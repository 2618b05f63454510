package dev.ferry.ingress.jobs;

import dev.ferry.core.job.JobControl;
import dev.ferry.core.job.JobRecord;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;

/**
 * Cancels and deletes jobs for their owners. Both are idempotent: cancelling a finished job leaves it as it is, and
 * the store keeps the first terminal status, so a worker that finishes a cancelled job cannot change the answer.
 */
public final class JobCancellation {

    private final AsyncJobs jobs;
    private final JobControls controls;
    private final Clock clock;

    public JobCancellation(AsyncJobs jobs, JobControls controls, Clock clock) {
        this.jobs = jobs;
        this.controls = controls;
        this.clock = clock;
    }

    /** @return the job as it stands after the cancel: {@code cancelled}, or its earlier terminal status */
    public CompletableFuture<JobRecord> cancel(String jobId, String owner) {
        return jobs.find(jobId, owner).thenCompose(job -> {
            if (job.status().isTerminal()) {
                return CompletableFuture.completedFuture(job);
            }
            long now = clock.millis();
            return controls.send(new JobControl.Cancel(jobId, now))
                    .thenApply(ignored -> job.cancelRequested(now));
        });
    }

    /** Deletes the job (cancelling it if it still runs); afterwards it answers 404 like an unknown id. */
    public CompletableFuture<Void> delete(String jobId, String owner) {
        return jobs.find(jobId, owner).thenCompose(job -> controls.send(new JobControl.Delete(jobId, clock.millis())));
    }
}
