package dev.ferry.worker;

import java.util.TreeSet;

/**
 * The jobs of one partition that this worker has taken and not yet finished. The committable offset is the lowest
 * unfinished one: everything below it is done, so a restart re-runs only what may not have finished. Used by the
 * poll thread only.
 */
final class PartitionOffsets {

    private final TreeSet<Long> unfinished = new TreeSet<>();
    private long nextOffset = -1;
    private long lastCommitted = -1;

    void started(long offset) {
        unfinished.add(offset);
        nextOffset = Math.max(nextOffset, offset + 1);
    }

    void finished(long offset) {
        unfinished.remove(offset);
    }

    /** The offset to commit: the lowest unfinished one, or the next to read when all are finished; -1 if none. */
    long committable() {
        return unfinished.isEmpty() ? nextOffset : unfinished.first();
    }

    boolean hasUncommittedProgress() {
        long committable = committable();
        return committable >= 0 && committable != lastCommitted;
    }

    void markCommitted(long offset) {
        lastCommitted = offset;
    }

    int inFlight() {
        return unfinished.size();
    }
}
