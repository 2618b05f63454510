package dev.ferry.worker;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;

/**
 * Which jobs their owners cancelled, and the provider calls running for jobs in this worker, so that a cancel aborts
 * a running call at once and keeps a queued job from calling the provider at all. Remembers the most recent
 * {@code capacity} cancels. Thread-safe.
 */
final class CancelledJobs {

    private final Map<String, Future<?>> running = new ConcurrentHashMap<>();
    private final Map<String, Boolean> cancelled;

    CancelledJobs(int capacity) {
        this.cancelled = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    void cancel(String jobId) {
        synchronized (cancelled) {
            cancelled.put(jobId, Boolean.TRUE);
        }
        Future<?> call = running.get(jobId);
        if (call != null) {
            call.cancel(true);
        }
    }

    boolean isCancelled(String jobId) {
        synchronized (cancelled) {
            return cancelled.containsKey(jobId);
        }
    }

    /** Tracks a running provider call until it ends; cancels it at once if the job was cancelled meanwhile. */
    void track(String jobId, java.util.concurrent.CompletableFuture<?> call) {
        running.put(jobId, call);
        call.whenComplete((result, error) -> running.remove(jobId, call));
        if (isCancelled(jobId)) {
            call.cancel(true);
        }
    }
}
