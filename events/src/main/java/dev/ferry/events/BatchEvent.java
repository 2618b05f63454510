package dev.ferry.events;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A batch that ended, as the batch module reports it on {@code batch-events} (key = batch id); its JSON is described
 * by {@code schemas/batch-event.v1.json}. Webhook delivery turns it into {@code batch.<status>}.
 *
 * @param batchId the batch's id ({@code batch_…})
 * @param status {@code completed}, {@code failed}, {@code cancelled} or {@code expired}
 * @param atMs when it ended, epoch milliseconds
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

    /** OpenAI's {@code request_counts}. */
    public record RequestCounts(long total, long completed, long failed) {
    }

    public BatchEvent {
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(owner, "owner");
        metadata = Map.copyOf(metadata);
        if (!TERMINAL_STATUSES.contains(status)) {
            throw new IllegalArgumentException("a batch event reports an ended batch, not one " + status);
        }
    }

    /** The event id, the same however often the batch's end is reported. */
    public String id() {
        return EventIds.of(batchId, status);
    }
}
