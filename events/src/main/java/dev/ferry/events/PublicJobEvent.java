package dev.ferry.events;

import dev.ferry.core.job.JobEvent;
import dev.ferry.core.job.JobStatus;
import java.util.Objects;

/**
 * One record of the public {@code job-events} topic: what happened to a job ({@link JobEvent}, the part the job store
 * folds) and the job it happened to ({@link JobContext}). Its JSON is described by {@code schemas/job-event.v1.json}.
 */
public record PublicJobEvent(JobEvent event, JobContext job) {

    public PublicJobEvent {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(job, "job");
    }

    /** The event id, the same however often the event is reported ({@link EventIds}). */
    public String id() {
        return EventIds.of(event.jobId(), kind());
    }

    /** {@code started}, {@code completed}, {@code failed} or {@code cancelled}: the value's {@code type}. */
    public String kind() {
        if (event instanceof JobEvent.Started) {
            return "started";
        }
        if (event instanceof JobEvent.Completed) {
            return "completed";
        }
        return event instanceof JobEvent.Failed ? "failed" : "cancelled";
    }

    /**
     * The job's status after the event, in OpenAI's vocabulary: a completed job whose response says
     * {@code incomplete} (it stopped at {@code max_output_tokens}, say) is {@code incomplete}.
     */
    public JobStatus status() {
        if (event instanceof JobEvent.Started) {
            return JobStatus.IN_PROGRESS;
        }
        if (event instanceof JobEvent.Completed completed) {
            return "incomplete".equals(completed.response().topLevelText("status"))
                    ? JobStatus.INCOMPLETE : JobStatus.COMPLETED;
        }
        return event instanceof JobEvent.Failed ? JobStatus.FAILED : JobStatus.CANCELLED;
    }

    /** Every event but {@code started} ends its job; decided by kind, without reading a completed response. */
    public boolean isTerminal() {
        return !(event instanceof JobEvent.Started);
    }
}
