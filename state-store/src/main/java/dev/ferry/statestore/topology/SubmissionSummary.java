package dev.ferry.statestore.topology;

import java.util.Objects;

/**
 * What the job store reads of a {@code jobs} record: every field of
 * {@link dev.ferry.core.job.JobSubmitted} but the request body. The parser skips the body without building it, so a
 * long prompt costs the store a scan, not a tree.
 */
record SubmissionSummary(String jobId, String model, String owner, long resultTtlSeconds, long submittedAtMs) {

    /** The same checks as {@code JobSubmitted}'s, so that a record the worker would reject is skipped here too. */
    SubmissionSummary {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(owner, "owner");
        if (resultTtlSeconds <= 0) {
            throw new IllegalArgumentException("resultTtlSeconds must be positive");
        }
    }
}
