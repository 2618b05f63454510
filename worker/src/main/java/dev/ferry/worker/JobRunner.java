package dev.ferry.worker;

import dev.ferry.core.error.FerryException;
import dev.ferry.core.job.DeadLetter;
import dev.ferry.core.job.JobEnvelope;
import dev.ferry.core.job.JobError;
import dev.ferry.core.job.JobEvent;
import dev.ferry.core.job.JobSubmitted;
import dev.ferry.providers.FallbackChain;
import dev.ferry.providers.ProviderOutcome;
import dev.ferry.providers.ProviderRouter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one job: reports it started, calls its provider (then its fallbacks, and all again after retryable failures
 * as the retry policy allows),
 * and reports how it ended. A job that fails for good also goes to the dead-letter topic with its attempt history; a
 * job past its deadline fails without a call; a job cancelled before or while it runs ends as {@code cancelled}. The
 * returned future completes once the terminal event is acknowledged by Kafka, which is when the job's offset may be
 * committed; Kafka refusing that event is retried until it is written.
 */
final class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
    private static final Duration REPUBLISH_DELAY = Duration.ofSeconds(1);

    private final FallbackChain fallbacks;
    private final JobEventPublisher publisher;
    private final Duration providerTimeout;
    private final RetryPolicy retries;
    private final Duration deadline;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final CancelledJobs cancelled;

    JobRunner(
            ProviderRouter router,
            JobEventPublisher publisher,
            Duration providerTimeout,
            RetryPolicy retries,
            Duration deadline,
            Clock clock,
            ScheduledExecutorService scheduler,
            CancelledJobs cancelled) {
        this.fallbacks = new FallbackChain(router);
        this.publisher = publisher;
        this.providerTimeout = providerTimeout;
        this.retries = retries;
        this.deadline = deadline;
        this.clock = clock;
        this.scheduler = scheduler;
        this.cancelled = cancelled;
    }

    CompletableFuture<Void> run(JobSubmitted job) {
        if (cancelled.isCancelled(job.jobId(), job.envelope().batchId())) {
            return publishUntilAcked(cancelledEvent(job));
        }
        if (clock.millis() - job.submittedAtMs() > deadline.toMillis()) {
            JobError error = new JobError(504, "server_error", "job_deadline_exceeded",
                    "the job waited longer than its deadline of " + deadline.toSeconds() + " s and was not run", null);
            return giveUp(job, error, List.of());
        }
        publisher.publish(new JobEvent.Started(job.jobId(), clock.millis()));
        return attempt(job, 1, new ArrayList<>());
    }

    /** A record on {@code jobs} that is not a job goes to the dead-letter topic instead of stopping the worker. */
    CompletableFuture<Void> rejectUnreadable(String key, byte[] value, String reason) {
        JobError error = new JobError(400, "invalid_request_error", "unreadable_job", "not a job: " + reason, null);
        return publishUntilAcked(new DeadLetter(key, null, text(value), error, List.of(), clock.millis()));
    }

    /** A job whose request body cannot be read fails without a provider call, and goes to the dead-letter topic. */
    CompletableFuture<Void> failUnreadable(JobEnvelope job, byte[] value, String reason) {
        JobError error = new JobError(500, "server_error", "unreadable_job",
                "the gateway could not read this job's request: " + reason, null);
        long now = clock.millis();
        return publishUntilAcked(new DeadLetter(job.jobId(), null, text(value), error, List.of(), now))
                .thenCompose(ignored -> publishUntilAcked(
                        new JobEvent.Failed(job.jobId(), now, error, job.resultTtlSeconds())));
    }

    private static String text(byte[] value) {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    private CompletableFuture<Void> attempt(JobSubmitted job, int number, List<DeadLetter.Attempt> history) {
        CompletableFuture<ProviderOutcome> call = call(job);
        cancelled.track(job.jobId(), job.envelope().batchId(), call);
        return call.handle((outcome, error) -> {
            if (error != null) {
                return publishUntilAcked(cancelledEvent(job));
            }
            if (outcome instanceof ProviderOutcome.Success success) {
                return publishUntilAcked(
                        new JobEvent.Completed(job.jobId(), clock.millis(), success.response(), job.resultTtlSeconds()));
            }
            ProviderOutcome.Failure failure = (ProviderOutcome.Failure) outcome;
            history.add(new DeadLetter.Attempt(number, clock.millis(), failure.error().httpStatus(),
                    failure.error().code()));
            Optional<Duration> delay = retries.nextDelay(number, failure);
            if (delay.isEmpty()) {
                return giveUp(job, failure.error(), history);
            }
            log.info("Retrying a job: jobId={} attempt={} status={} delayMs={}.", job.jobId(), number + 1,
                    failure.error().httpStatus(), delay.get().toMillis());
            return retryAfter(delay.get(), job, number + 1, history);
        }).thenCompose(next -> next);
    }

    private CompletableFuture<Void> retryAfter(
            Duration delay, JobSubmitted job, int number, List<DeadLetter.Attempt> history) {
        CompletableFuture<Void> wait = new CompletableFuture<>();
        scheduler.schedule(() -> wait.complete(null), delay.toMillis(), TimeUnit.MILLISECONDS);
        cancelled.track(job.jobId(), job.envelope().batchId(), wait);
        return wait.handle((ok, error) -> error != null
                ? publishUntilAcked(cancelledEvent(job))
                : attempt(job, number, history)).thenCompose(next -> next);
    }

    private CompletableFuture<ProviderOutcome> call(JobSubmitted job) {
        try {
            return fallbacks.createResponse(job.request(), providerTimeout);
        } catch (FerryException.InvalidRequest e) {
            JobError error = new JobError(400, "invalid_request_error", e.code(), e.getMessage(), e.param());
            return CompletableFuture.completedFuture(new ProviderOutcome.Failure(error, false, Optional.empty()));
        }
    }

    private CompletableFuture<Void> giveUp(JobSubmitted job, JobError error, List<DeadLetter.Attempt> history) {
        log.info("A job failed: jobId={} model={} status={} code={} attempts={}.", job.jobId(), job.model(),
                error.httpStatus(), error.code(), history.size());
        long now = clock.millis();
        return publishUntilAcked(new DeadLetter(job.jobId(), job, null, error, history, now))
                .thenCompose(ignored -> publishUntilAcked(
                        new JobEvent.Failed(job.jobId(), now, error, job.resultTtlSeconds())));
    }

    private JobEvent cancelledEvent(JobSubmitted job) {
        return new JobEvent.Cancelled(job.jobId(), clock.millis(), job.resultTtlSeconds());
    }

    private CompletableFuture<Void> publishUntilAcked(JobEvent event) {
        return untilAcked(() -> publisher.publish(event), event.jobId());
    }

    private CompletableFuture<Void> publishUntilAcked(DeadLetter letter) {
        return untilAcked(() -> publisher.deadLetter(letter), letter.jobId());
    }

    private CompletableFuture<Void> untilAcked(java.util.function.Supplier<CompletableFuture<Void>> send, String jobId) {
        return send.get().handle((ok, error) -> {
            if (error == null) {
                return CompletableFuture.<Void>completedFuture(null);
            }
            log.warn("Kafka refused a job record; retrying: jobId={} error={}.", jobId, error.toString());
            CompletableFuture<Void> retried = new CompletableFuture<>();
            scheduler.schedule(() -> untilAcked(send, jobId).whenComplete((v, e) -> retried.complete(null)),
                    REPUBLISH_DELAY.toMillis(), TimeUnit.MILLISECONDS);
            return retried;
        }).thenCompose(future -> future);
    }
}
