package dev.ferry.core.job;

import java.util.Objects;

/**
 * Everything Ferry knows of a submitted job besides its request body: what a {@code jobs} record carries in its
 * headers. The job store folds only this; the worker reads the body too.
 *
 * @param jobId the job id, also the record key
 * @param model the model as the client addressed it ({@code provider/model})
 * @param owner id of the principal that submitted the job (a key id, never a secret)
 * @param resultTtlSeconds how long the terminal result stays readable, counted from completion
 * @param submittedAtMs when ingress accepted the job, epoch milliseconds
 * @param batchId the batch the job is a line of, or null for a job submitted on its own
 * @param customId the line's {@code custom_id} within its batch, or null for a job submitted on its own
 */
public record JobEnvelope(
        String jobId,
        String model,
        String owner,
        long resultTtlSeconds,
        long submittedAtMs,
        String batchId,
        String customId) {

    public JobEnvelope {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(owner, "owner");
        if (resultTtlSeconds <= 0) {
            throw new IllegalArgumentException("resultTtlSeconds must be positive");
        }
        if ((batchId == null) != (customId == null)) {
            throw new IllegalArgumentException("a batch line has both a batch id and a custom id, other jobs neither");
        }
    }

    /** A job submitted on its own, not as a line of a batch. */
    public JobEnvelope(String jobId, String model, String owner, long resultTtlSeconds, long submittedAtMs) {
        this(jobId, model, owner, resultTtlSeconds, submittedAtMs, null, null);
    }

    /** True for a line of a batch. */
    public boolean inBatch() {
        return batchId != null;
    }
}
