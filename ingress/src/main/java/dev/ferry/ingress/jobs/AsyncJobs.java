package dev.ferry.ingress.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.error.FerryException;
import dev.ferry.core.job.JobId;
import dev.ferry.core.job.JobRecord;
import dev.ferry.core.job.JobSubmitted;
import dev.ferry.core.lookup.JobLookup;
import dev.ferry.core.metrics.JobMetrics;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;

/** Submits asynchronous jobs and looks them up for their owner. */
public final class AsyncJobs {

    private final JobSubmitter submitter;
    private final JobLookup lookup;
    private final ResultTtl resultTtl;
    private final BacklogQuota backlogQuota;
    private final Clock clock;
    private final JobMetrics metrics;

    /**
     * @param metrics counts each job once the broker has it
     */
    public AsyncJobs(
            JobSubmitter submitter,
            JobLookup lookup,
            ResultTtl resultTtl,
            BacklogQuota backlogQuota,
            Clock clock,
            JobMetrics metrics) {
        this.submitter = submitter;
        this.lookup = lookup;
        this.resultTtl = resultTtl;
        this.backlogQuota = backlogQuota;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Jobs without a backlog quota, counted nowhere. */
    public AsyncJobs(JobSubmitter submitter, JobLookup lookup, ResultTtl resultTtl, Clock clock) {
        this(submitter, lookup, resultTtl, BacklogQuota.unlimited(), clock, JobMetrics.none());
    }

    /**
     * Queues a validated Responses request.
     *
     * @param ttlHeader the raw {@code x-bf-async-job-result-ttl} header, or null
     * @return completes once the job is durable in Kafka
     */
    public CompletableFuture<JobSubmitted> submit(ObjectNode request, String ttlHeader, String owner) {
        long ttl = resultTtl.parse(ttlHeader);
        BacklogQuota.Reservation reservation = backlogQuota.reserve(owner);
        JobSubmitted job = new JobSubmitted(JobId.random().value(), request.get("model").asText(), request, owner,
                ttl, clock.millis());
        CompletableFuture<QueuedJob> queued;
        try {
            queued = submitter.submit(job);
        } catch (RuntimeException e) {
            reservation.release();
            throw e;
        }
        return queued.whenComplete((written, error) -> {
            if (error == null) {
                reservation.written(written.partition(), written.offset());
                metrics.submitted(job.model());
            } else {
                reservation.release();
            }
        }).thenApply(QueuedJob::job);
    }

    /**
     * The job's current record, without blocking the caller; fails with a 404 for an unknown, expired or someone
     * else's job.
     */
    public CompletableFuture<JobRecord> find(String jobId, String owner) {
        if (!JobId.isValid(jobId)) {
            return CompletableFuture.failedFuture(new FerryException.JobNotFound());
        }
        return lookup.find(jobId, owner).thenApply(found -> found.orElseThrow(FerryException.JobNotFound::new));
    }
}
