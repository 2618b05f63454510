package dev.ferry.worker;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;

/**
 * Which jobs (and which batches) their owners cancelled, and the provider calls running for jobs in this worker, so
 * that a cancel aborts a running call at once and keeps a queued job from calling the provider at all. A batch cancel
 * does both for every line of the batch. Remembers the most recent {@code capacity} cancels of each kind.
 * Thread-safe.
 */
final class CancelledJobs {

    private final Map<String, Future<?>> running = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> runningByBatch = new ConcurrentHashMap<>();
    private final Map<String, Boolean> cancelled;
    private final Map<String, Boolean> cancelledBatches;

    CancelledJobs(int capacity) {
        this.cancelled = bounded(capacity);
        this.cancelledBatches = bounded(capacity);
    }

    private static Map<String, Boolean> bounded(int capacity) {
        return new LinkedHashMap<>(16, 0.75f, false) {
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

    /** Cancels every line of the batch: those running now, and those that come later. */
    void cancelBatch(String batchId) {
        synchronized (cancelledBatches) {
            cancelledBatches.put(batchId, Boolean.TRUE);
        }
        for (String jobId : runningByBatch.getOrDefault(batchId, Set.of())) {
            Future<?> call = running.get(jobId);
            if (call != null) {
                call.cancel(true);
            }
        }
    }

    boolean isCancelled(String jobId) {
        synchronized (cancelled) {
            return cancelled.containsKey(jobId);
        }
    }

    /** Whether the job, or the batch it is a line of ({@code batchId} may be null), was cancelled. */
    boolean isCancelled(String jobId, String batchId) {
        if (batchId != null) {
            synchronized (cancelledBatches) {
                if (cancelledBatches.containsKey(batchId)) {
                    return true;
                }
            }
        }
        return isCancelled(jobId);
    }

    /** Tracks a running provider call until it ends; cancels it at once if the job was cancelled meanwhile. */
    void track(String jobId, CompletableFuture<?> call) {
        track(jobId, null, call);
    }

    /** As {@link #track(String, CompletableFuture)}, for a line of batch {@code batchId} (or null). */
    void track(String jobId, String batchId, CompletableFuture<?> call) {
        running.put(jobId, call);
        if (batchId != null) {
            runningByBatch.computeIfAbsent(batchId, b -> ConcurrentHashMap.newKeySet()).add(jobId);
        }
        call.whenComplete((result, error) -> {
            running.remove(jobId, call);
            if (batchId != null) {
                runningByBatch.computeIfPresent(batchId, (b, jobs) -> {
                    jobs.remove(jobId);
                    return jobs.isEmpty() ? null : jobs;
                });
            }
        });
        if (isCancelled(jobId, batchId)) {
            call.cancel(true);
        }
    }
}
