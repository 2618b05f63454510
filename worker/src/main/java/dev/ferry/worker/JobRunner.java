package dev.ferry.worker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.error.FerryException;
import dev.ferry.core.job.DeadLetter;
import dev.ferry.core.job.JobEnvelope;
import dev.ferry.core.job.JobError;
import dev.ferry.core.job.JobEvent;
import dev.ferry.core.job.JobSubmitted;
import dev.ferry.core.metrics.JobMetrics;
import dev.ferry.core.serde.RawJson;
import dev.ferry.events.JobContext;
import dev.ferry.providers.FallbackChain;
import dev.ferry.providers.ProviderOutcome;
import dev.ferry.providers.ProviderRouter;
import dev.ferry.providers.StreamOutcome;
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
 * Runs one job: reports it started (once it has run a while, see {@link StartAnnouncements}), calls its provider (then its fallbacks, and all again after retryable failures
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
    private final StartAnnouncements starts;
    private final JobMetrics metrics;

    JobRunner(
            ProviderRouter router,
            JobEventPublisher publisher,
            Duration providerTimeout,
            RetryPolicy retries,
            Duration deadline,
            Clock clock,
            ScheduledExecutorService scheduler,
            CancelledJobs cancelled,
            StartAnnouncements starts,
            JobMetrics metrics) {
        this.fallbacks = new FallbackChain(router);
        this.publisher = publisher;
        this.providerTimeout = providerTimeout;
        this.retries = retries;
        this.deadline = deadline;
        this.clock = clock;
        this.scheduler = scheduler;
        this.cancelled = cancelled;
        this.starts = starts;
        this.metrics = metrics;
    }

    CompletableFuture<Void> run(JobSubmitted job) {
        Optional<JobStreamWriter> stream = JobStreamWriter.wanted(job)
                ? Optional.of(new JobStreamWriter(publisher, job, clock)) : Optional.empty();
        if (cancelled.isCancelled(job.jobId(), job.envelope().batchId())) {
            return cancel(job, stream);
        }
        if (clock.millis() - job.submittedAtMs() > deadline.toMillis()) {
            JobError error = new JobError(504, "server_error", "job_deadline_exceeded",
                    "the job waited longer than its deadline of " + deadline.toSeconds() + " s and was not run", null);
            return giveUp(job, error, List.of(), stream);
        }
        long now = clock.millis();
        starts.started(job.jobId(), () -> publisher.publish(new JobEvent.Started(job.jobId(), now), JobContext.of(job)));
        metrics.started(job.model(), now - job.submittedAtMs());
        if (stream.isPresent()) {
            return streamAttempt(job, 1, new ArrayList<>(), stream.get());
        }
        return attempt(job, 1, new ArrayList<>());
    }

    /** A record on {@code jobs} that is not a job goes to the dead-letter topic instead of stopping the worker. */
    CompletableFuture<Void> rejectUnreadable(String key, byte[] value, String reason) {
        JobError error = new JobError(400, "invalid_request_error", "unreadable_job", "not a job: " + reason, null);
        metrics.deadLettered(null, error.httpStatus());
        return publishUntilAcked(new DeadLetter(key, null, text(value), error, List.of(), clock.millis()));
    }

    /** A job whose request body cannot be read fails without a provider call, and goes to the dead-letter topic. */
    CompletableFuture<Void> failUnreadable(JobEnvelope job, byte[] value, String reason) {
        JobError error = new JobError(500, "server_error", "unreadable_job",
                "the gateway could not read this job's request: " + reason, null);
        long now = clock.millis();
        metrics.deadLettered(job.model(), error.httpStatus());
        metrics.failed(job.model(), error.httpStatus(), now - job.submittedAtMs());
        return publishUntilAcked(new DeadLetter(job.jobId(), null, text(value), error, List.of(), now))
                .thenCompose(ignored -> publishUntilAcked(
                        new JobEvent.Failed(job.jobId(), now, error, job.resultTtlSeconds()), JobContext.of(job)));
    }

    private static String text(byte[] value) {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    private CompletableFuture<Void> attempt(JobSubmitted job, int number, List<DeadLetter.Attempt> history) {
        long calledAt = clock.millis();
        CompletableFuture<ProviderOutcome> call = call(job);
        cancelled.track(job.jobId(), job.envelope().batchId(), call);
        return call.handle((outcome, error) -> {
            if (error != null) {
                return cancel(job, Optional.empty());
            }
            long now = clock.millis();
            if (outcome instanceof ProviderOutcome.Success success) {
                metrics.providerCall(job.model(), now - calledAt, JobMetrics.Outcome.SUCCESS);
                metrics.completed(job.model(), now - job.submittedAtMs());
                return publishUntilAcked(new JobEvent.Completed(job.jobId(), now, success.response(),
                        job.resultTtlSeconds()), job);
            }
            ProviderOutcome.Failure failure = (ProviderOutcome.Failure) outcome;
            metrics.providerCall(job.model(), now - calledAt,
                    failure.retryable() ? JobMetrics.Outcome.RETRYABLE : JobMetrics.Outcome.TERMINAL);
            history.add(new DeadLetter.Attempt(number, clock.millis(), failure.error().httpStatus(),
                    failure.error().code()));
            return retryOrGiveUp(job, number, history, failure, Optional.empty());
        }).thenCompose(next -> next);
    }

    /**
     * One streamed provider call of a background job created with {@code stream:true}: its events go to the job's
     * stream as they come. A failure before the first event is retried like any other; once events went out the
     * job fails instead, since the client has seen part of an answer that a new call would not continue.
     */
    private CompletableFuture<Void> streamAttempt(
            JobSubmitted job, int number, List<DeadLetter.Attempt> history, JobStreamWriter stream) {
        long calledAt = clock.millis();
        CompletableFuture<StreamOutcome> call = streamCall(job, stream);
        cancelled.track(job.jobId(), job.envelope().batchId(), call);
        return call.handle((outcome, error) -> {
            if (error != null) {
                return cancel(job, Optional.of(stream));
            }
            if (outcome instanceof StreamOutcome.Completed) {
                metrics.providerCall(job.model(), clock.millis() - calledAt, JobMetrics.Outcome.SUCCESS);
                return stream.acknowledged().thenCompose(ignored -> finishStreamed(job, stream));
            }
            StreamOutcome.Failed failed = (StreamOutcome.Failed) outcome;
            metrics.providerCall(job.model(), clock.millis() - calledAt,
                    failed.failure().retryable() ? JobMetrics.Outcome.RETRYABLE : JobMetrics.Outcome.TERMINAL);
            history.add(new DeadLetter.Attempt(number, clock.millis(), failed.failure().error().httpStatus(),
                    failed.failure().error().code()));
            if (!failed.beforeFirstEvent()) {
                return giveUp(job, failed.failure().error(), history, Optional.of(stream));
            }
            return retryOrGiveUp(job, number, history, failed.failure(), Optional.of(stream));
        }).thenCompose(next -> next);
    }

    /** The provider's terminal event decides how a streamed job ends. */
    private CompletableFuture<Void> finishStreamed(JobSubmitted job, JobStreamWriter stream) {
        JsonNode terminal = stream.terminalEvent().orElseThrow();
        JsonNode response = terminal.path("response");
        String type = terminal.path("type").asText();
        CompletableFuture<Void> ended;
        if (response.isObject() && !"response.failed".equals(type)) {
            long now = clock.millis();
            metrics.completed(job.model(), now - job.submittedAtMs());
            RawJson responseBytes = RawJson.ofBytes(response.toString().getBytes(StandardCharsets.UTF_8));
            ended = publishUntilAcked(new JobEvent.Completed(job.jobId(), now, responseBytes, job.resultTtlSeconds()),
                    job);
        } else {
            JsonNode detail = response.isObject() ? response.path("error") : terminal;
            JobError error = new JobError(500, "server_error", detail.path("code").asText("provider_stream_failed"),
                    detail.path("message").asText("the provider's stream failed"), null);
            ended = giveUpWithoutStreamEvent(job, error, List.of());
        }
        return ended.thenCompose(ignored -> stream.closeAfterJobEvent().exceptionally(failed -> null));
    }

    private CompletableFuture<Void> retryOrGiveUp(JobSubmitted job, int number, List<DeadLetter.Attempt> history,
            ProviderOutcome.Failure failure, Optional<JobStreamWriter> stream) {
        Optional<Duration> delay = retries.nextDelay(number, failure);
        if (delay.isEmpty()) {
            return giveUp(job, failure.error(), history, stream);
        }
        log.info("Retrying a job: jobId={} attempt={} status={} delayMs={}.", job.jobId(), number + 1,
                failure.error().httpStatus(), delay.get().toMillis());
        return retryAfter(delay.get(), job, number + 1, history, stream);
    }

    private CompletableFuture<Void> retryAfter(Duration delay, JobSubmitted job, int number,
            List<DeadLetter.Attempt> history, Optional<JobStreamWriter> stream) {
        CompletableFuture<Void> wait = new CompletableFuture<>();
        scheduler.schedule(() -> wait.complete(null), delay.toMillis(), TimeUnit.MILLISECONDS);
        cancelled.track(job.jobId(), job.envelope().batchId(), wait);
        return wait.handle((ok, error) -> error != null
                ? cancel(job, stream)
                : stream.isPresent() ? streamAttempt(job, number, history, stream.get()) : attempt(job, number, history))
                .thenCompose(next -> next);
    }

    private CompletableFuture<StreamOutcome> streamCall(JobSubmitted job, JobStreamWriter stream) {
        try {
            return fallbacks.streamResponse(job.request(), providerTimeout, stream);
        } catch (FerryException.InvalidRequest e) {
            JobError error = new JobError(400, "invalid_request_error", e.code(), e.getMessage(), e.param());
            return CompletableFuture.completedFuture(
                    new StreamOutcome.Failed(new ProviderOutcome.Failure(error, false, Optional.empty()), 0));
        }
    }

    /** Ends the job as cancelled, then a streamed one's stream, so that its followers stop. */
    private CompletableFuture<Void> cancel(JobSubmitted job, Optional<JobStreamWriter> stream) {
        return publishUntilAcked(cancelledEvent(job), job).thenCompose(ignored -> stream
                .map(writer -> writer.end().exceptionally(failed -> null))
                .orElseGet(() -> CompletableFuture.completedFuture(null)));
    }

    private CompletableFuture<ProviderOutcome> call(JobSubmitted job) {
        try {
            return fallbacks.createResponse(job.request(), providerTimeout);
        } catch (FerryException.InvalidRequest e) {
            JobError error = new JobError(400, "invalid_request_error", e.code(), e.getMessage(), e.param());
            return CompletableFuture.completedFuture(new ProviderOutcome.Failure(error, false, Optional.empty()));
        }
    }

    /**
     * Fails the job, then ends a streamed one's stream with the failure: a client that retrieves the response once
     * its stream ended finds it failed too.
     */
    private CompletableFuture<Void> giveUp(JobSubmitted job, JobError error, List<DeadLetter.Attempt> history,
            Optional<JobStreamWriter> stream) {
        return giveUpWithoutStreamEvent(job, error, history).thenCompose(ignored -> stream
                .map(writer -> writer.fail(error).exceptionally(failed -> null))
                .orElseGet(() -> CompletableFuture.completedFuture(null)));
    }

    private CompletableFuture<Void> giveUpWithoutStreamEvent(
            JobSubmitted job, JobError error, List<DeadLetter.Attempt> history) {
        log.info("A job failed: jobId={} model={} status={} code={} attempts={}.", job.jobId(), job.model(),
                error.httpStatus(), error.code(), history.size());
        long now = clock.millis();
        metrics.deadLettered(job.model(), error.httpStatus());
        metrics.failed(job.model(), error.httpStatus(), now - job.submittedAtMs());
        return publishUntilAcked(new DeadLetter(job.jobId(), job, null, error, history, now))
                .thenCompose(ignored -> publishUntilAcked(
                        new JobEvent.Failed(job.jobId(), now, error, job.resultTtlSeconds()), job));
    }

    private JobEvent cancelledEvent(JobSubmitted job) {
        long now = clock.millis();
        metrics.cancelled(job.model(), now - job.submittedAtMs());
        return new JobEvent.Cancelled(job.jobId(), now, job.resultTtlSeconds());
    }

    private CompletableFuture<Void> publishUntilAcked(JobEvent event, JobSubmitted job) {
        return publishUntilAcked(event, JobContext.of(job));
    }

    /** Sends a terminal event; a start not announced yet is dropped first (see {@link StartAnnouncements}). */
    private CompletableFuture<Void> publishUntilAcked(JobEvent event, JobContext job) {
        starts.ending(event.jobId());
        return untilAcked(() -> publisher.publish(event, job), event.jobId());
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
