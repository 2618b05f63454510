package dev.ferry.events;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A change of a batch's status, as the job store reports it on {@code batch-events} (key = batch id) in the fold that
 * made it; its JSON is described by {@code schemas/batch-event.v1.json}. Webhook delivery turns the terminal ones into
 * {@code batch.<status>}.
 *
 * @param batchId the batch's id ({@code batch_…})
 * @param status one of {@link #STATUSES}: OpenAI's batch statuses
 * @param atMs when the batch reached it, epoch milliseconds
 * @param owner id of the principal that created the batch
 * @param metadata the batch's {@code metadata}; empty if none
 * @param requestCounts lines in total, completed and failed, or null if not known
 * @param outputFileId the output file, or null
 * @param errorFileId the error file, or null
 */
public record BatchEvent(
        String batchId,
        String status,
        long atMs,
        String owner,
        Map<String, String> metadata,
        RequestCounts requestCounts,
        String outputFileId,
        String errorFileId) {

    /** Statuses in which a batch has ended. */
    public static final Set<String> TERMINAL_STATUSES = Set.of("completed", "failed", "cancelled", "expired");
    /** Every status a batch passes through. */
    public static final List<String> STATUSES = List.of("validating", "in_progress", "finalizing", "cancelling",
            "completed", "failed", "cancelled", "expired");

    /** OpenAI's {@code request_counts}. */
    public record RequestCounts(long total, long completed, long failed) {
    }

    public BatchEvent {
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(owner, "owner");
        metadata = Map.copyOf(metadata);
        if (!STATUSES.contains(status)) {
            throw new IllegalArgumentException("not a batch status: " + status);
        }
    }

    /** True once the batch has ended. */
    public boolean isTerminal() {
        return TERMINAL_STATUSES.contains(status);
    }

    /** The event id, the same however often the batch's arrival at this status is reported. */
    public String id() {
        return EventIds.of(batchId, status);
    }
}
