package dev.ferry.core.batch;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything Ferry knows of one batch: what its creation said, what validation found, and its lines' progress, folded
 * by the job store in the same task (and the same step) as the line jobs themselves, so that its counts are never
 * behind what a poll of a line's job shows. The status is derived from these facts ({@code BatchFolder} in the job
 * store); timestamps are null until reached.
 *
 * @param owner null while only line results have been folded, before the batch's creation
 * @param total the number of lines, null until validation passed
 * @param errors the bad lines when validation failed, else null
 * @param cancelledLines lines that ended without running to the end (the batch was cancelled or expired)
 * @param lastLineAtMs when the latest line finished
 */
public record BatchRecord(
        String batchId,
        String owner,
        String inputFileId,
        String endpoint,
        String completionWindow,
        Map<String, String> metadata,
        BatchStatus status,
        long createdAtMs,
        long expiresAtMs,
        Integer total,
        Long validatedAtMs,
        List<BatchLineError> errors,
        Long rejectedAtMs,
        Long cancelRequestedAtMs,
        Long expiredAtMs,
        int completed,
        int failed,
        int cancelledLines,
        Long lastLineAtMs,
        BatchUsage usage) {

    public BatchRecord {
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(status, "status");
        metadata = metadata == null ? null : Map.copyOf(metadata);
        errors = errors == null ? null : List.copyOf(errors);
        usage = usage == null ? BatchUsage.NONE : usage;
    }

    /** Whether {@code principal} created this batch (so its creation has been folded). */
    public boolean isVisibleTo(String principal) {
        return principal.equals(owner);
    }

    /** Lines that have ended, whichever way. */
    @JsonIgnore
    public int finishedLines() {
        return completed + failed + cancelledLines;
    }

    @JsonIgnore
    public RequestCounts requestCounts() {
        return new RequestCounts(total == null ? 0 : total, completed, failed);
    }

    /** The output file: it exists once the batch ended (after validation) with at least one completed line. */
    @JsonIgnore
    public Optional<String> outputFileId() {
        return ranToAnEnd() && completed > 0 ? Optional.of(BatchIds.outputFileId(batchId)) : Optional.empty();
    }

    /** The error file: it exists once the batch ended (after validation) with lines that did not complete. */
    @JsonIgnore
    public Optional<String> errorFileId() {
        return ranToAnEnd() && completed < requestCounts().total()
                ? Optional.of(BatchIds.errorFileId(batchId)) : Optional.empty();
    }

    private boolean ranToAnEnd() {
        return status.isTerminal() && status != BatchStatus.FAILED;
    }

    /** When the batch reached its terminal status, or null while it has not. */
    @JsonIgnore
    public Long endedAtMs() {
        return switch (status) {
            case FAILED -> rejectedAtMs;
            case EXPIRED -> expiredAtMs;
            case COMPLETED -> lastLineAtMs != null ? lastLineAtMs : validatedAtMs;
            case CANCELLED -> Math.max(cancelRequestedAtMs == null ? 0 : cancelRequestedAtMs,
                    lastLineAtMs == null ? 0 : lastLineAtMs);
            default -> null;
        };
    }
}
