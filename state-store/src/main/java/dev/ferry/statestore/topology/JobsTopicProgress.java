package dev.ferry.statestore.topology;

import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;

/**
 * The highest {@code jobs} offset the store has folded in, per partition. Lookups use it to tell a job that does not
 * exist from one whose submission the store has not read yet. Written by the stream thread, read by lookups, which
 * wait for an offset without holding a thread: the stream thread completes their futures as it passes the offset.
 */
public final class JobsTopicProgress {

    private record Waiter(int partition, long offset, CompletableFuture<Void> folded) {
    }

    private final ConcurrentMap<Integer, Long> processed = new ConcurrentHashMap<>();
    private final Queue<Waiter> waiters = new ConcurrentLinkedQueue<>();

    /** Called by the stream thread for every {@code jobs} record it has folded in. */
    public void record(int partition, long offset) {
        processed.merge(partition, offset, Math::max);
        if (!waiters.isEmpty()) {
            releaseWaiters();
        }
    }

    /** The last offset folded in for {@code partition}, or -1 if none since this process started. */
    public long lastProcessed(int partition) {
        return processed.getOrDefault(partition, -1L);
    }

    /**
     * Completes once the record at {@code offset} of {@code partition} has been folded in, on the thread that folds
     * it (so callers continue elsewhere). A caller that stops waiting completes or cancels the future itself; it is
     * then dropped at the next folded record.
     */
    public CompletableFuture<Void> processed(int partition, long offset) {
        Waiter waiter = new Waiter(partition, offset, new CompletableFuture<>());
        waiters.add(waiter);
        releaseWaiters(); // the offset may have been folded while the waiter was being added
        return waiter.folded();
    }

    private void releaseWaiters() {
        waiters.removeIf(waiter -> waiter.folded().isDone()
                || lastProcessed(waiter.partition()) >= waiter.offset() && waiter.folded().complete(null));
    }
}
