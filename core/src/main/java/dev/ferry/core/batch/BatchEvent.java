package dev.ferry.core.batch;

import java.util.Objects;

/**
 * A change of a batch's status, written by the job store to the {@code batch-events} topic (key = batch id) in the
 * fold that made it: the one place batch lifecycle events come from, for webhooks and other integrations. A batch
 * that ends produces one event with a terminal {@code status} ({@code completed}, {@code failed}, {@code expired},
 * {@code cancelled}); after a crash of the job store an event may be written twice, never left out.
 *
 * @param type {@code batch.<status>}, e.g. {@code batch.completed}
 */
public record BatchEvent(String type, String batchId, String owner, BatchStatus status, long atMs,
        RequestCounts requestCounts) {

    public BatchEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(requestCounts, "requestCounts");
    }

    public static BatchEvent of(BatchRecord batch, long atMs) {
        return new BatchEvent("batch." + batch.status().wire(), batch.batchId(), batch.owner(), batch.status(), atMs,
                batch.requestCounts());
    }

    /** OpenAI's {@code request_counts}. */
    public record RequestCounts(int total, int completed, int failed) {
    }
}
