package dev.ferry.core.job;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * One accepted asynchronous request, as ingress writes it to the {@code jobs} topic: Ferry's envelope and the request
 * body as the client sent it (after validation), never a credential. As JSON (in a dead letter) the envelope's fields
 * sit beside {@code request}.
 */
public record JobSubmitted(@JsonUnwrapped JobEnvelope envelope, ObjectNode request) {

    public JobSubmitted {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(request, "request");
    }

    /** A job submitted on its own, not as a line of a batch. */
    public JobSubmitted(
            String jobId, String model, ObjectNode request, String owner, long resultTtlSeconds, long submittedAtMs) {
        this(new JobEnvelope(jobId, model, owner, resultTtlSeconds, submittedAtMs), request);
    }

    public String jobId() {
        return envelope.jobId();
    }

    public String model() {
        return envelope.model();
    }

    public String owner() {
        return envelope.owner();
    }

    public long resultTtlSeconds() {
        return envelope.resultTtlSeconds();
    }

    public long submittedAtMs() {
        return envelope.submittedAtMs();
    }
}
