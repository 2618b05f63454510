package dev.ferry.statestore.topology;

import dev.ferry.core.job.JobControl;
import dev.ferry.core.job.JobEnvelope;
import dev.ferry.core.job.JobEvent;
import dev.ferry.core.job.JobRecord;
import dev.ferry.core.job.JobStatus;
import java.time.Duration;

/**
 * Folds the {@code jobs}, {@code job-events} and {@code job-control} records of one job into its {@link JobRecord}.
 * The topics are read side by side, so a worker's event may be folded before the submission it belongs to, and the
 * wall-clock sweep may run in between; every rule here gives the same record whichever comes first. The first terminal
 * event wins: a job re-run after a crash never changes a result that was already visible.
 *
 * <p>A record whose submission has not been folded yet has no owner and is never served. Its result TTL does not run:
 * were it swept, the late submission would find nothing and start the job over as {@code queued}. It expires only
 * after {@link #ORPHAN_RETENTION}, so that events whose submission never comes (a re-run reporting on a job already
 * swept) do not stay for ever; once the submission is folded, the TTL counts from completion as usual. A line of a
 * batch keeps its batch id and {@code custom_id} from its submission.
 */
final class JobStateFolder {

    /** How long a record waits for its submission before it is forgotten. */
    static final Duration ORPHAN_RETENTION = Duration.ofDays(7);

    private JobStateFolder() {
    }

    static JobRecord fold(JobRecord current, JobEnvelope submitted) {
        if (current == null) {
            return new JobRecord(submitted.jobId(), JobStatus.QUEUED, submitted.owner(), submitted.model(),
                    submitted.submittedAtMs(), null, null, submitted.resultTtlSeconds(), null, null, null,
                    submitted.batchId(), submitted.customId());
        }
        return new JobRecord(current.jobId(), current.status(), submitted.owner(), submitted.model(),
                submitted.submittedAtMs(), current.startedAtMs(), current.completedAtMs(),
                submitted.resultTtlSeconds(),
                expiresAt(submitted.owner(), submitted.submittedAtMs(), current.completedAtMs(),
                        submitted.resultTtlSeconds()),
                current.response(), current.error(), submitted.batchId(), submitted.customId());
    }

    static JobRecord fold(JobRecord current, JobEvent event) {
        if (current != null && current.status().isTerminal()) {
            return current;
        }
        JobRecord base = current != null ? current : placeholder(event.jobId(), event.atMs());
        if (event instanceof JobEvent.Started) {
            return new JobRecord(base.jobId(), JobStatus.IN_PROGRESS, base.owner(), base.model(), base.createdAtMs(),
                    event.atMs(), null, base.resultTtlSeconds(),
                    expiresAt(base.owner(), base.createdAtMs(), null, base.resultTtlSeconds()), null, null,
                    base.batchId(), base.customId());
        }
        if (event instanceof JobEvent.Cancelled cancelled) {
            return terminal(base, JobStatus.CANCELLED, cancelled.atMs(), cancelled.resultTtlSeconds(), null);
        }
        if (event instanceof JobEvent.Completed completed) {
            return terminal(base, JobStatus.COMPLETED, completed.atMs(), completed.resultTtlSeconds(), completed);
        }
        JobEvent.Failed failed = (JobEvent.Failed) event;
        return terminal(base, JobStatus.FAILED, failed.atMs(), failed.resultTtlSeconds(), failed);
    }

    /**
     * A cancel ends a job that has not finished; a delete replaces whatever the job had with a hidden marker that
     * outlives late events until the sweep removes it.
     */
    static JobRecord fold(JobRecord current, JobControl control) {
        JobRecord base = current != null ? current : placeholder(control.key(), control.atMs());
        if (control instanceof JobControl.Delete) {
            if (base.status() == JobStatus.DELETED) {
                return base;
            }
            return new JobRecord(base.jobId(), JobStatus.DELETED, base.owner(), base.model(), base.createdAtMs(),
                    base.startedAtMs(), control.atMs(), base.resultTtlSeconds(),
                    expiresAt(base.owner(), base.createdAtMs(), control.atMs(), base.resultTtlSeconds()), null, null,
                    base.batchId(), base.customId());
        }
        if (base.status().isTerminal()) {
            return base;
        }
        return terminal(base, JobStatus.CANCELLED, control.atMs(), base.resultTtlSeconds(), null);
    }

    private static JobRecord terminal(JobRecord base, JobStatus status, long atMs, long ttlSeconds, JobEvent event) {
        // a job that ends without a start event (cancelled while queued) keeps no start time
        Long startedAt = base.startedAtMs() != null || event == null ? base.startedAtMs() : Long.valueOf(atMs);
        return new JobRecord(base.jobId(), status, base.owner(), base.model(), base.createdAtMs(),
                startedAt, atMs, ttlSeconds,
                expiresAt(base.owner(), base.createdAtMs(), atMs, ttlSeconds),
                event instanceof JobEvent.Completed completed ? completed.response() : null,
                event instanceof JobEvent.Failed failed ? failed.error() : null,
                base.batchId(), base.customId());
    }

    /** An event arrived before its submission: keep what the event says until the submission fills in the rest. */
    private static JobRecord placeholder(String jobId, long atMs) {
        return new JobRecord(jobId, JobStatus.QUEUED, null, null, atMs, null, null, 0, null, null, null);
    }

    /**
     * A folded job's result expires its TTL after completion, and an unfinished one never; a record still waiting
     * for its submission expires {@link #ORPHAN_RETENTION} after it was first seen.
     */
    private static Long expiresAt(String owner, long createdAtMs, Long completedAtMs, long ttlSeconds) {
        if (owner == null) {
            return createdAtMs + ORPHAN_RETENTION.toMillis();
        }
        return completedAtMs == null ? null : completedAtMs + ttlSeconds * 1000;
    }
}
