package dev.ferry.mockprovider;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Waits without holding a thread: one shared scheduler only keeps time, and the work that follows runs on the
 * server's worker threads, so a slow client write never stalls the clock.
 */
final class MockTimer {

    private final ScheduledExecutorService scheduler;
    private final Executor workers;

    MockTimer(ScheduledExecutorService scheduler, Executor workers) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.workers = Objects.requireNonNull(workers, "workers");
    }

    /** Runs {@code task} on a worker thread once {@code delay} has passed. */
    void schedule(Runnable task, Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            workers.execute(task);
        } else {
            scheduler.schedule(() -> workers.execute(task), delay.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** A future completed on a worker thread once {@code delay} has passed. */
    CompletableFuture<Void> after(Duration delay) {
        CompletableFuture<Void> elapsed = new CompletableFuture<>();
        schedule(() -> elapsed.complete(null), delay);
        return elapsed;
    }
}
