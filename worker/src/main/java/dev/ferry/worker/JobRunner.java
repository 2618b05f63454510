package dev.ferry.worker;

import dev.ferry.core.error.FerryException;
import dev.ferry.core.job.JobError;
import dev.ferry.core.job.JobEvent;
import dev.ferry.core.job.JobSubmitted;
import dev.ferry.providers.ProviderOutcome;
import dev.ferry.providers.ProviderRouter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one job: reports it started, calls its provider, and reports how it ended; a job cancelled before or while it
 * runs ends as {@code cancelled} without a provider call or with its call aborted. The returned future completes once
 * the terminal event is acknowledged by Kafka, which is when the job's offset may be committed. A terminal event that
 * Kafka refuses is retried until it is written, so a finished job is never reported as done without its result.
 */
final class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
    private static final Duration REPUBLISH_DELAY = Duration.ofSeconds(1);

    private final ProviderRouter router;
    private final JobEventPublisher publisher;
    private final Duration providerTimeout;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final CancelledJobs cancelled;

    JobRunner(
            ProviderRouter router,
            JobEventPublisher publisher,
            Duration providerTimeout,
            Clock clock,
            ScheduledExecutorService scheduler,
            CancelledJobs cancelled) {
        this.router = router;
        this.publisher = publisher;
        this.providerTimeout = providerTimeout;
        this.clock = clock;
        this.scheduler = scheduler;
        this.cancelled = cancelled;
    }

    CompletableFuture<Void> run(JobSubmitted job) {
        if (cancelled.isCancelled(job.jobId())) {
            return publishUntilAcked(new JobEvent.Cancelled(job.jobId(), clock.millis(), job.resultTtlSeconds()));
        }
        publisher.publish(new JobEvent.Started(job.jobId(), clock.millis()));
        CompletableFuture<ProviderOutcome> call = call(job);
        cancelled.track(job.jobId(), call);
        return call.handle((outcome, error) -> error != null
                        ? new JobEvent.Cancelled(job.jobId(), clock.millis(), job.resultTtlSeconds())
                        : terminalEvent(job, outcome))
                .thenCompose(this::publishUntilAcked);
    }

    private CompletableFuture<ProviderOutcome> call(JobSubmitted job) {
        try {
            ProviderRouter.Route route = router.route(job.model());
            return route.client().createResponse(route.upstreamModel(), job.request(), providerTimeout);
        } catch (FerryException.InvalidRequest e) {
            JobError error = new JobError(400, "invalid_request_error", e.code(), e.getMessage(), e.param());
            return CompletableFuture.completedFuture(new ProviderOutcome.Failure(error, false, java.util.Optional.empty()));
        }
    }

    private JobEvent terminalEvent(JobSubmitted job, ProviderOutcome outcome) {
        long now = clock.millis();
        if (outcome instanceof ProviderOutcome.Success success) {
            return new JobEvent.Completed(job.jobId(), now, success.response(), job.resultTtlSeconds());
        }
        ProviderOutcome.Failure failure = (ProviderOutcome.Failure) outcome;
        log.info("A job failed: jobId={} model={} status={} code={}.", job.jobId(), job.model(),
                failure.error().httpStatus(), failure.error().code());
        return new JobEvent.Failed(job.jobId(), now, failure.error(), job.resultTtlSeconds());
    }

    private CompletableFuture<Void> publishUntilAcked(JobEvent event) {
        return publisher.publish(event).handle((ok, error) -> {
            if (error == null) {
                return CompletableFuture.<Void>completedFuture(null);
            }
            log.warn("Kafka refused a terminal job event; retrying: jobId={} error={}.", event.jobId(), error.toString());
            CompletableFuture<Void> retried = new CompletableFuture<>();
            scheduler.schedule(() -> publishUntilAcked(event).whenComplete((v, e) -> retried.complete(null)),
                    REPUBLISH_DELAY.toMillis(), TimeUnit.MILLISECONDS);
            return retried;
        }).thenCompose(future -> future);
    }
}
