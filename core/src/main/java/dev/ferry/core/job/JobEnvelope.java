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
 */
public record JobEnvelope(String jobId, String model, String owner, long resultTtlSeconds, long submittedAtMs) {

    public JobEnvelope {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(owner, "owner");
        if (resultTtlSeconds <= 0) {
            throw new IllegalArgumentException("resultTtlSeconds must be positive");
        }
    }
}
