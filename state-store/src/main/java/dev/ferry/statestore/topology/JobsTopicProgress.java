package dev.ferry.statestore.topology;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The highest {@code jobs} offset the store has folded in, per partition. Lookups use it to tell a job that does not
 * exist from one whose submission the store has not read yet. Written by the stream thread, read by HTTP threads.
 */
public final class JobsTopicProgress {

    private final ConcurrentMap<Integer, Long> processed = new ConcurrentHashMap<>();
    private final Object signal = new Object();

    void record(int partition, long offset) {
        processed.merge(partition, offset, Math::max);
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    /** The last offset folded in for {@code partition}, or -1 if none since this process started. */
    public long lastProcessed(int partition) {
        return processed.getOrDefault(partition, -1L);
    }

    /**
     * Waits until the record at {@code offset} of {@code partition} has been folded in, or the timeout passes.
     *
     * @return true if it has been folded in
     */
    public boolean awaitProcessed(int partition, long offset, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        synchronized (signal) {
            while (lastProcessed(partition) < offset) {
                long leftMs = (deadline - System.nanoTime()) / 1_000_000;
                if (leftMs <= 0) {
                    return false;
                }
                signal.wait(leftMs);
            }
            return true;
        }
    }
}
