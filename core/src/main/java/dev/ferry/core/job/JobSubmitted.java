package dev.ferry.core.job;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * One accepted asynchronous request, as ingress writes it to the {@code jobs} topic: the request body as the client
 * sent it (after validation) and never a credential.
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
        Objects.requireNonNull(request, "request");
        new JobEnvelope(jobId, model, owner, resultTtlSeconds, submittedAtMs);
    }

    public JobSubmitted(JobEnvelope envelope, ObjectNode request) {
        this(envelope.jobId(), envelope.model(), request, envelope.owner(), envelope.resultTtlSeconds(),
                envelope.submittedAtMs());
    }

    /** The job without its request body. */
    public JobEnvelope envelope() {
        return new JobEnvelope(jobId, model, owner, resultTtlSeconds, submittedAtMs);
    }
}
