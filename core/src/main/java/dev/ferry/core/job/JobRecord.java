package dev.ferry.core.job;

import dev.ferry.core.serde.RawJson;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the gateway knows about one job: the state store keeps exactly one per job id. The request body is not
 * kept here; it lives on the {@code jobs} topic only.
 *
 * <p>The record's transitions live here, so that ingress (answering a submit or a cancel at once) and the job store
 * (folding the topics) build the same record: {@link #queued} for an accepted job, {@link #started}, {@link #ended},
 * {@link #cancelled} (or {@link #cancelRequested} by its owner) and {@link #deleted}, each with the result's expiry ({@link #expiresAt}). Which transition a
 * record on which topic implies, and in what order, is the store's business.
 *
 * @param startedAtMs null until a worker started the job
 * @param completedAtMs null until the job reached a terminal status
 * @param expiresAtMs null until the job reached a terminal status; then completion plus the result TTL
 * @param response the provider's Responses object when completed, as the bytes it was stored as, else null
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
        RawJson response,
        JobError error,
        String batchId,
        String customId) {

    public JobRecord {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(status, "status");
    }

    /** A job submitted on its own, not as a line of a batch. */
    public JobRecord(String jobId, JobStatus status, String owner, String model, long createdAtMs, Long startedAtMs,
            Long completedAtMs, long resultTtlSeconds, Long expiresAtMs, RawJson response, JobError error) {
        this(jobId, status, owner, model, createdAtMs, startedAtMs, completedAtMs, resultTtlSeconds, expiresAtMs,
                response, error, null, null);
    }

    /**
     * How long a record whose submission has not been folded yet (it has no owner) is kept before it is forgotten:
     * events whose submission never comes must not stay for ever.
     */
    public static final Duration ORPHAN_RETENTION = Duration.ofDays(7);

    /** An accepted job: queued, owned, its result TTL not running yet. */
    public static JobRecord queued(JobEnvelope submitted) {
        return new JobRecord(submitted.jobId(), JobStatus.QUEUED, null, null, submitted.submittedAtMs(), null, null, 0,
                null, null, null).joinedBy(submitted);
    }

    /**
     * The base for what a worker's or a client's record says about a job whose submission has not been folded yet:
     * without an owner it is never served, and every transition from it expires {@link #ORPHAN_RETENTION} after
     * {@code atMs}.
     */
    public static JobRecord placeholder(String jobId, long atMs) {
        return new JobRecord(jobId, JobStatus.QUEUED, null, null, atMs, null, null, 0, null, null, null);
    }

    /** This record with its submission's owner, model, time, TTL and batch; its status and result stay. */
    public JobRecord joinedBy(JobEnvelope submitted) {
        return new JobRecord(jobId, status, submitted.owner(), submitted.model(), submitted.submittedAtMs(),
                startedAtMs, completedAtMs, submitted.resultTtlSeconds(),
                expiresAt(submitted.owner(), submitted.submittedAtMs(), completedAtMs, submitted.resultTtlSeconds()),
                response, error, submitted.batchId(), submitted.customId());
    }

    /** A worker started the job: {@code in_progress}, no result. */
    public JobRecord started(long atMs) {
        return new JobRecord(jobId, JobStatus.IN_PROGRESS, owner, model, createdAtMs, atMs, null, resultTtlSeconds,
                expiresAt(owner, createdAtMs, null, resultTtlSeconds), null, null, batchId, customId);
    }

    /**
     * The job ended with a provider's answer ({@code completed} with {@code response}, or {@code failed} with
     * {@code error}); a job that ends without a start event started when it ended.
     */
    public JobRecord ended(JobStatus terminal, long atMs, long ttlSeconds, RawJson result, JobError failure) {
        return new JobRecord(jobId, terminal, owner, model, createdAtMs, startedAtMs != null ? startedAtMs : atMs,
                atMs, ttlSeconds, expiresAt(owner, createdAtMs, atMs, ttlSeconds), result, failure, batchId,
                customId);
    }

    /** The job was cancelled at {@code atMs}: no result, readable for {@code ttlSeconds}; never started if it had not. */
    public JobRecord cancelled(long atMs, long ttlSeconds) {
        return new JobRecord(jobId, JobStatus.CANCELLED, owner, model, createdAtMs, startedAtMs, atMs, ttlSeconds,
                expiresAt(owner, createdAtMs, atMs, ttlSeconds), null, null, batchId, customId);
    }

    /**
     * Its owner asked to cancel the job at {@code atMs}: a job that already ended keeps its end, any other is
     * cancelled and readable for its own result TTL.
     */
    public JobRecord cancelRequested(long atMs) {
        return status.isTerminal() ? this : cancelled(atMs, resultTtlSeconds);
    }

    /**
     * Its owner deleted the job: a hidden marker without result, kept until swept so that late events find it. A
     * second delete changes nothing.
     */
    public JobRecord deleted(long atMs) {
        if (status == JobStatus.DELETED) {
            return this;
        }
        return new JobRecord(jobId, JobStatus.DELETED, owner, model, createdAtMs, startedAtMs, atMs, resultTtlSeconds,
                expiresAt(owner, createdAtMs, atMs, resultTtlSeconds), null, null, batchId, customId);
    }

    /**
     * A job's result expires its TTL after completion, and an unfinished job never; a record still waiting for its
     * submission expires {@link #ORPHAN_RETENTION} after it was first seen.
     */
    public static Long expiresAt(String owner, long createdAtMs, Long completedAtMs, long ttlSeconds) {
        if (owner == null) {
            return createdAtMs + ORPHAN_RETENTION.toMillis();
        }
        return completedAtMs == null ? null : completedAtMs + ttlSeconds * 1000;
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
