package dev.ferry.statestore.topology;

import dev.ferry.core.job.JobControl;
import dev.ferry.core.job.JobEvent;
import dev.ferry.core.job.JobRecord;
import dev.ferry.core.job.JobStatus;

/**
 * Folds the {@code jobs} and {@code job-events} records of one job into its {@link JobRecord}. The two topics are read
 * side by side, so a worker's event may be folded before the submission it belongs to; every rule here gives the same
 * record whichever comes first. The first terminal event wins: a job re-run after a crash never changes a result that
 * was already visible.
 */
final class JobStateFolder {

    /** How long a deleted job's marker is kept when the job's own TTL is not known yet. */
    private static final long DELETED_MARKER_TTL_SECONDS = 3600;

    private JobStateFolder() {
    }

    static JobRecord fold(JobRecord current, SubmissionSummary submitted) {
        if (current == null) {
            return new JobRecord(submitted.jobId(), JobStatus.QUEUED, submitted.owner(), submitted.model(),
                    submitted.submittedAtMs(), null, null, submitted.resultTtlSeconds(), null, null, null);
        }
        return new JobRecord(current.jobId(), current.status(), submitted.owner(), submitted.model(),
                submitted.submittedAtMs(), current.startedAtMs(), current.completedAtMs(),
                submitted.resultTtlSeconds(),
                expiresAt(current.completedAtMs(), submitted.resultTtlSeconds()),
                current.response(), current.error());
    }

    static JobRecord fold(JobRecord current, JobEvent event) {
        if (current != null && current.status().isTerminal()) {
            return current;
        }
        JobRecord base = current != null ? current : placeholder(event.jobId(), event.atMs());
        if (event instanceof JobEvent.Started) {
            return new JobRecord(base.jobId(), JobStatus.IN_PROGRESS, base.owner(), base.model(), base.createdAtMs(),
                    event.atMs(), null, base.resultTtlSeconds(), null, null, null);
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
        JobRecord base = current != null ? current : placeholder(control.jobId(), control.atMs());
        if (control instanceof JobControl.Delete) {
            if (base.status() == JobStatus.DELETED) {
                return base;
            }
            long ttl = base.resultTtlSeconds() > 0 ? base.resultTtlSeconds() : DELETED_MARKER_TTL_SECONDS;
            return new JobRecord(base.jobId(), JobStatus.DELETED, base.owner(), base.model(), base.createdAtMs(),
                    base.startedAtMs(), control.atMs(), ttl, expiresAt(control.atMs(), ttl), null, null);
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
                expiresAt(atMs, ttlSeconds),
                event instanceof JobEvent.Completed completed ? completed.response() : null,
                event instanceof JobEvent.Failed failed ? failed.error() : null);
    }

    /** An event arrived before its submission: keep what the event says until the submission fills in the rest. */
    private static JobRecord placeholder(String jobId, long atMs) {
        return new JobRecord(jobId, JobStatus.QUEUED, null, null, atMs, null, null, 0, null, null, null);
    }

    private static Long expiresAt(Long completedAtMs, long ttlSeconds) {
        return completedAtMs == null ? null : completedAtMs + ttlSeconds * 1000;
    }
}
