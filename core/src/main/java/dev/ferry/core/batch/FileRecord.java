package dev.ferry.core.batch;

import java.util.Objects;

/**
 * An uploaded file as the job store keeps it: its metadata and where its chunks lie on the {@code files} topic. The
 * bytes themselves stay on that topic and are streamed from it.
 */
public record FileRecord(String fileId, String owner, String filename, String purpose, long bytes, long createdAtMs,
        int partition, long firstOffset, long lastOffset, int chunks, boolean deleted) {

    public FileRecord {
        Objects.requireNonNull(fileId, "fileId");
    }

    /** Whether {@code principal} may see the file: it uploaded it and has not deleted it. */
    public boolean isVisibleTo(String principal) {
        return !deleted && principal.equals(owner);
    }
}
