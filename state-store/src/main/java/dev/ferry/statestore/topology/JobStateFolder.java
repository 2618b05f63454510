package dev.ferry.statestore.topology;

import dev.ferry.core.job.JobControl;
import dev.ferry.core.job.JobEnvelope;
import dev.ferry.core.job.JobEvent;
import dev.ferry.core.job.JobRecord;
import dev.ferry.core.job.JobStatus;

/**
 * Folds the {@code jobs}, {@code job-events} and {@code job-control} records of one job into its {@link JobRecord},
 * through the record's own transitions. The topics are read side by side, so a worker's event may be folded before
 * the submission it belongs to, and the wall-clock sweep may run in between; every rule here gives the same record
 * whichever comes first. The first terminal event wins: a job re-run after a crash never changes a result that was
 * already visible.
 *
 * <p>A record whose submission has not been folded yet has no owner and is never served. Its result TTL does not run:
 * were it swept, the late submission would find nothing and start the job over as {@code queued}. It expires only
 * after {@link JobRecord#ORPHAN_RETENTION}, so that events whose submission never comes (a re-run reporting on a job
 * already swept) do not stay for ever; once the submission is folded, the TTL counts from completion as usual. A line
 * of a batch keeps its batch id and {@code custom_id} from its submission.
 */
final class JobStateFolder {

    private JobStateFolder() {
    }

    static JobRecord fold(JobRecord current, JobEnvelope submitted) {
        return current == null ? JobRecord.queued(submitted) : current.joinedBy(submitted);
    }

    /** A completed job keeps its response as the bytes the event carried. */
    static JobRecord fold(JobRecord current, JobEvent event) {
        if (current != null && current.status().isTerminal()) {
            return current;
        }
        JobRecord base = current != null ? current : JobRecord.placeholder(event.jobId(), event.atMs());
        if (event instanceof JobEvent.Started) {
            return base.started(event.atMs());
        }
        if (event instanceof JobEvent.Cancelled cancelled) {
            return base.cancelled(cancelled.atMs(), cancelled.resultTtlSeconds());
        }
        if (event instanceof JobEvent.Completed completed) {
            return base.ended(JobStatus.COMPLETED, completed.atMs(), completed.resultTtlSeconds(),
                    completed.response(), null);
        }
        JobEvent.Failed failed = (JobEvent.Failed) event;
        return base.ended(JobStatus.FAILED, failed.atMs(), failed.resultTtlSeconds(), null, failed.error());
    }

    /**
     * A cancel ends a job that has not finished; a delete replaces whatever the job had with a hidden marker that
     * outlives late events until the sweep removes it.
     */
    static JobRecord fold(JobRecord current, JobControl control) {
        JobRecord base = current != null ? current : JobRecord.placeholder(control.key(), control.atMs());
        if (control instanceof JobControl.Delete) {
            return base.deleted(control.atMs());
        }
        return base.cancelRequested(control.atMs());
    }
}
