package dev.ferry.core.job;

import java.util.List;
import java.util.Objects;

/**
 * A job the worker gave up on, written to the dead-letter topic (key = job id, or the record key for a record that
 * was not a job) with everything needed to understand or replay it: the job as submitted, the final error and every
 * attempt. Never carries a credential.
 *
 * @param job the job as submitted, or null when the record could not be read as a job
 * @param rawValue the record's value as text when it could not be read as a job, else null
 */
public record DeadLetter(
        String jobId, JobSubmitted job, String rawValue, JobError error, List<Attempt> attempts, long failedAtMs) {

    public DeadLetter {
        Objects.requireNonNull(error, "error");
        attempts = List.copyOf(attempts);
    }

    /** One provider call and how it ended. */
    public record Attempt(int number, long atMs, int httpStatus, String code) {
    }
}
