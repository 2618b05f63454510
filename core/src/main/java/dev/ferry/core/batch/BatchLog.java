package dev.ferry.core.batch;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the gateway records about files and batches on the {@code batches} topic (key = file id or batch id; the
 * gateway is its only writer). The job store folds these records, beside the line jobs' own records, into one
 * {@link FileRecord} per file and one {@link BatchRecord} per batch.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = BatchLog.FileStored.class, name = "file_stored"),
    @JsonSubTypes.Type(value = BatchLog.FileDeleted.class, name = "file_deleted"),
    @JsonSubTypes.Type(value = BatchLog.BatchCreated.class, name = "batch_created"),
    @JsonSubTypes.Type(value = BatchLog.BatchValidated.class, name = "batch_validated"),
    @JsonSubTypes.Type(value = BatchLog.BatchRejected.class, name = "batch_rejected"),
    @JsonSubTypes.Type(value = BatchLog.BatchCancelRequested.class, name = "batch_cancel_requested")
})
public sealed interface BatchLog {

    /** The record key: the file id or the batch id. */
    @JsonIgnore
    String key();

    long atMs();

    /**
     * An upload finished: every chunk of the file is on the {@code files} topic, in {@code partition} between
     * {@code firstOffset} and {@code lastOffset} (chunks of other files may sit in between).
     */
    record FileStored(String fileId, String owner, String filename, String purpose, long bytes, long atMs,
            int partition, long firstOffset, long lastOffset, int chunks) implements BatchLog {
        public FileStored {
            Objects.requireNonNull(fileId, "fileId");
            Objects.requireNonNull(owner, "owner");
        }

        @Override
        public String key() {
            return fileId;
        }
    }

    /** Its owner deleted the file: it answers 404 from now on and its chunks are tombstoned. */
    record FileDeleted(String fileId, long atMs) implements BatchLog {
        public FileDeleted {
            Objects.requireNonNull(fileId, "fileId");
        }

        @Override
        public String key() {
            return fileId;
        }
    }

    /** A batch was created (status {@code validating}); a gateway's expander validates and expands it. */
    record BatchCreated(String batchId, String owner, String inputFileId, String endpoint, String completionWindow,
            Map<String, String> metadata, long atMs, long expiresAtMs) implements BatchLog {
        public BatchCreated {
            Objects.requireNonNull(batchId, "batchId");
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(inputFileId, "inputFileId");
            metadata = metadata == null ? null : Map.copyOf(metadata);
        }

        @Override
        public String key() {
            return batchId;
        }
    }

    /** Every line of the input file is a valid request: {@code total} line jobs follow on the batch lane. */
    record BatchValidated(String batchId, int total, long atMs) implements BatchLog {
        public BatchValidated {
            Objects.requireNonNull(batchId, "batchId");
        }

        @Override
        public String key() {
            return batchId;
        }
    }

    /** The input file has bad lines (or none, or too many): the batch failed and no line runs. */
    record BatchRejected(String batchId, List<BatchLineError> errors, long atMs) implements BatchLog {
        public BatchRejected {
            Objects.requireNonNull(batchId, "batchId");
            errors = List.copyOf(errors);
        }

        @Override
        public String key() {
            return batchId;
        }
    }

    /**
     * Its owner cancelled the batch, or ({@code expired}) its window passed. The gateway writes this before the
     * {@code cancel_batch} control that stops the lines, so that the job store shows the batch {@code cancelling}
     * (or {@code expired}) to the very next read.
     */
    record BatchCancelRequested(String batchId, long atMs, boolean expired) implements BatchLog {
        public BatchCancelRequested {
            Objects.requireNonNull(batchId, "batchId");
        }

        @Override
        public String key() {
            return batchId;
        }
    }
}
