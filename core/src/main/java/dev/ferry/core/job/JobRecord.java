package dev.ferry.core.job;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * Everything the gateway knows about one job: the state store keeps exactly one per job id. The request body is not
 * kept here; it lives on the {@code jobs} topic only.
 *
 * @param startedAtMs null until a worker started the job
 * @param completedAtMs null until the job reached a terminal status
 * @param expiresAtMs null until the job reached a terminal status; then completion plus the result TTL
 * @param response the provider's Responses object when completed, else null
 * @param error the failure when failed, else null
 * @param batchId the batch the job is a line of, or null
 * @param customId the line's {@code custom_id}, or null
 */
public record JobRecord(
        String jobId,
        JobStatus status,
        String owner,
        String model,
        long createdAtMs,
        Long startedAtMs,
        Long completedAtMs,
        long resultTtlSeconds,
        Long expiresAtMs,
        JsonNode response,
        JobError error,
        String batchId,
        String customId) {

    public JobRecord {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(status, "status");
    }

    /** A job submitted on its own, not as a line of a batch. */
    public JobRecord(String jobId, JobStatus status, String owner, String model, long createdAtMs, Long startedAtMs,
            Long completedAtMs, long resultTtlSeconds, Long expiresAtMs, JsonNode response, JobError error) {
        this(jobId, status, owner, model, createdAtMs, startedAtMs, completedAtMs, resultTtlSeconds, expiresAtMs,
                response, error, null, null);
    }

    /** True once the result's TTL has run out: such a record is never served, whether or not it was swept yet. */
    public boolean isExpiredAt(long nowMs) {
        return expiresAtMs != null && expiresAtMs <= nowMs;
    }

    /**
     * Whether {@code principal} may see this job at {@code nowMs}: it submitted the job (so the submission has been
     * folded), and the job is neither deleted nor expired. Everyone else gets the answer of an unknown id.
     */
    public boolean isVisibleTo(String principal, long nowMs) {
        return principal.equals(owner) && status != JobStatus.DELETED && !isExpiredAt(nowMs);
    }
}
