package dev.ferry.ingress.http;

import dev.ferry.core.error.FerryException;
import dev.ferry.core.job.JobRecord;
import dev.ferry.ingress.jobs.AsyncJobs;
import dev.ferry.ingress.streams.JobStreamHub;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Serves the event streams of background responses created with {@code stream:true}: right after such a create, and
 * for {@code GET /responses/{id}?stream=true&starting_after=N}. Any gateway can: the events are on Kafka
 * ({@code job-streams}, written by the worker running the job), read by this gateway's {@link JobStreamHub} from
 * where the job's stream starts, and relayed to the client from sequence number {@code N + 1}, live, until the
 * terminal event. A client that loses its connection (or its gateway) resumes on any gateway with the last sequence
 * number it saw.
 */
final class BackgroundStreams {

    /**
     * Machines' clocks may disagree by this much: a job's stream is looked for from its start (or submission) time
     * less this margin. Records before the job's own are read and skipped, so the margin costs little.
     */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(5);
    /** How often a quiet stream looks whether its job ended without streaming. */
    static final Duration QUIET_CHECK = Duration.ofSeconds(5);

    private final JobStreamHub hub;
    private final AsyncJobs jobs;
    private final JobBodies views;
    private final ScheduledExecutorService checks;

    BackgroundStreams(JobStreamHub hub, AsyncJobs jobs, JobBodies views, ScheduledExecutorService checks) {
        this.hub = Objects.requireNonNull(hub, "hub");
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.views = Objects.requireNonNull(views, "views");
        this.checks = Objects.requireNonNull(checks, "checks");
    }

    /**
     * Answers {@code ctx} (async, its timeout off) with the job's event stream after {@code startingAfter}.
     *
     * @param job the job as it stands, already checked to be the caller's
     * @param owner the caller, for looking the job up again
     * @return completes once the stream has ended or the client has gone
     */
    CompletableFuture<Void> follow(Context ctx, JobRecord job, long startingAfter, String owner) {
        long since = job.startedAtMs() != null ? job.startedAtMs() : job.createdAtMs();
        BackgroundStreamRelay relay = new BackgroundStreamRelay(ctx, views, job, startingAfter,
                () -> jobs.find(job.jobId(), owner).join(), checks);
        CompletableFuture<Void> done = relay.open(hub, since - CLOCK_SKEW.toMillis());
        scheduleCheck(relay, done);
        return done;
    }

    private void scheduleCheck(BackgroundStreamRelay relay, CompletableFuture<Void> done) {
        if (done.isDone()) {
            return;
        }
        checks.schedule(() -> {
            if (relay.check()) {
                scheduleCheck(relay, done);
            }
        }, QUIET_CHECK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The {@code starting_after} query parameter: absent is -1 (everything), otherwise a non-negative integer. */
    static long startingAfter(Context ctx) {
        String raw = ctx.queryParam("starting_after");
        if (raw == null || raw.isBlank()) {
            return -1;
        }
        try {
            long value = Long.parseLong(raw.trim());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw new FerryException.InvalidRequest(
                "'starting_after' must be a non-negative integer", "starting_after");
    }
}
