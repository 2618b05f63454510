package dev.ferry.statestore.topology;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.core.batch.BatchLog;
import dev.ferry.core.batch.BatchRecord;
import dev.ferry.core.batch.FileRecord;
import dev.ferry.core.batch.RequestCounts;
import dev.ferry.core.job.JobControl;
import dev.ferry.core.job.JobRecord;
import dev.ferry.events.BatchEvent;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The batch side of the job-state processor: folds batch and file records, and each change of a line's job record,
 * into the batch and file stores of the same task, and forwards every change of a batch's status to the
 * {@code batch-events} sink. Runs on the stream thread, inside the very step that changed the line's job record.
 */
final class BatchProgress {

    private final ProcessorContext<String, BatchEvent> context;
    private final KeyValueStore<String, BatchRecord> batches;
    private final KeyValueStore<String, FileRecord> files;
    /** Reads a finished line's response for its usage. */
    private final ObjectMapper mapper;

    BatchProgress(ProcessorContext<String, BatchEvent> context, KeyValueStore<String, BatchRecord> batches,
            KeyValueStore<String, FileRecord> files, ObjectMapper mapper) {
        this.context = context;
        this.batches = batches;
        this.files = files;
        this.mapper = mapper;
    }

    void fold(BatchLog entry, long timestamp) {
        if (entry instanceof BatchLog.FileStored || entry instanceof BatchLog.FileDeleted) {
            FileRecord current = files.get(entry.key());
            FileRecord next = BatchFolder.fold(current, entry);
            if (!next.equals(current)) {
                files.put(entry.key(), next);
            }
            return;
        }
        BatchRecord current = batches.get(entry.key());
        store(current, BatchFolder.fold(current, entry), timestamp);
    }

    void fold(JobControl.CancelBatch cancel, long timestamp) {
        BatchRecord current = batches.get(cancel.batchId());
        store(current, BatchFolder.fold(current, cancel), timestamp);
    }

    /** A job record changed; if it is a line of a batch, the batch's counts follow. */
    void lineChanged(JobRecord before, JobRecord after, long timestamp) {
        String batchId = after.batchId() != null ? after.batchId() : before == null ? null : before.batchId();
        if (batchId == null) {
            return;
        }
        BatchRecord current = batches.get(batchId);
        BatchRecord next = BatchFolder.foldLine(current, batchId, before, after, mapper);
        if (next != null) {
            store(current, next, timestamp);
        }
    }

    /** The batch's new status as the public contract reports it ({@code batch-events}). */
    private static BatchEvent event(BatchRecord batch, long atMs) {
        RequestCounts counts = batch.requestCounts();
        return new BatchEvent(batch.batchId(), batch.status().wire(), atMs, batch.owner(),
                batch.metadata() == null ? Map.of() : batch.metadata(),
                new BatchEvent.RequestCounts(counts.total(), counts.completed(), counts.failed()),
                batch.outputFileId().orElse(null), batch.errorFileId().orElse(null));
    }

    private void store(BatchRecord current, BatchRecord next, long timestamp) {
        if (next.equals(current)) {
            return;
        }
        batches.put(next.batchId(), next);
        boolean visibleBefore = current != null && current.owner() != null;
        if (next.owner() != null && (!visibleBefore || !Objects.equals(current.status(), next.status()))) {
            long at = next.endedAtMs() != null ? next.endedAtMs() : timestamp;
            context.forward(new Record<>(next.batchId(), event(next, at), timestamp));
        }
    }
}
