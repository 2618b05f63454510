package dev.ferry.core.kafka;

import java.util.Base64;
import java.util.BitSet;
import java.util.TreeSet;

/**
 * The records of one partition that a consumer has taken and not yet finished (jobs for a worker, deliveries for
 * webhooks). The committable offset is the lowest
 * unfinished one: everything below it is done. Records above it that did finish are written into the commit's metadata
 * as a bitmap, so that after a restart or rebalance the next owner skips them and re-runs only what may not have
 * finished. Used by the poll thread only.
 */
public final class PartitionOffsets {

    private static final String FORMAT = "ferry-done-v1:";
    /** Kafka's default limit for commit metadata is 4096 bytes; beyond this, finished jobs may simply run again. */
    private static final int MAX_METADATA_CHARS = 3_500;

    private final TreeSet<Long> unfinished = new TreeSet<>();
    private final BitSet skip;
    private final long skipBase;
    private long nextOffset = -1;
    private long lastCommitted = -1;
    private String lastMetadata = "";

    public PartitionOffsets() {
        this(-1, new BitSet());
    }

    private PartitionOffsets(long skipBase, BitSet skip) {
        this.skipBase = skipBase;
        this.skip = skip;
    }

    /** Resumes from a commit: offsets its metadata lists as finished are not run again. */
    public static PartitionOffsets resume(long committedOffset, String metadata) {
        if (metadata == null || !metadata.startsWith(FORMAT)) {
            return new PartitionOffsets();
        }
        try {
            byte[] bits = Base64.getDecoder().decode(metadata.substring(FORMAT.length()));
            return new PartitionOffsets(committedOffset, BitSet.valueOf(bits));
        } catch (IllegalArgumentException e) {
            return new PartitionOffsets();
        }
    }

    /** True if the previous owner already finished the job at {@code offset}. */
    public boolean alreadyFinished(long offset) {
        long index = offset - skipBase;
        return skipBase >= 0 && index >= 0 && index < Integer.MAX_VALUE && skip.get((int) index);
    }

    public void started(long offset) {
        unfinished.add(offset);
        nextOffset = Math.max(nextOffset, offset + 1);
    }

    public void finished(long offset) {
        unfinished.remove(offset);
    }

    /** The offset to commit: the lowest unfinished one, or the next to read when all are finished; -1 if none. */
    public long committable() {
        return unfinished.isEmpty() ? nextOffset : unfinished.first();
    }

    /** The finished offsets above {@link #committable()}, as commit metadata (empty when there are none). */
    public String metadata() {
        long base = committable();
        if (unfinished.isEmpty() || base < 0) {
            return "";
        }
        BitSet done = new BitSet();
        for (long offset = base + 1; offset < nextOffset; offset++) {
            if (!unfinished.contains(offset)) {
                done.set((int) (offset - base));
            }
        }
        String encoded = FORMAT + Base64.getEncoder().encodeToString(done.toByteArray());
        return encoded.length() > MAX_METADATA_CHARS ? "" : encoded;
    }

    public boolean hasUncommittedProgress() {
        long committable = committable();
        return committable >= 0 && (committable != lastCommitted || !metadata().equals(lastMetadata));
    }

    public void markCommitted(long offset, String metadata) {
        lastCommitted = offset;
        lastMetadata = metadata;
    }

    /** A commit marked by {@link #markCommitted} did not succeed: unless a later one was marked since, commit again. */
    public void commitFailed(long offset, String metadata) {
        if (lastCommitted == offset && lastMetadata.equals(metadata)) {
            lastCommitted = -1;
            lastMetadata = "";
        }
    }

    public int inFlight() {
        return unfinished.size();
    }
}
