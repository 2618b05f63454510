package dev.ferry.core.job;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * The record ingress writes to the {@code jobs} topic: one accepted asynchronous request. It carries the request body
 * as the client sent it and never a credential.
 *
 * @param jobId the job id, also the record key
 * @param model the model as the client addressed it ({@code provider/model})
 * @param request the Responses API request body
 * @param owner id of the principal that submitted the job (a key id, never a secret)
 * @param resultTtlSeconds how long the terminal result stays readable, counted from completion
 * @param submittedAtMs when ingress accepted the job, epoch milliseconds
 */
public record JobSubmitted(
        String jobId, String model, ObjectNode request, String owner, long resultTtlSeconds, long submittedAtMs) {

    public JobSubmitted {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(owner, "owner");
        if (resultTtlSeconds <= 0) {
            throw new IllegalArgumentException("resultTtlSeconds must be positive");
        }
    }
}
