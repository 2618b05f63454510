package dev.ferry.statestore.query;

import dev.ferry.core.error.FerryException;
import dev.ferry.statestore.topology.JobsTopicProgress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Makes a miss authoritative: completes once the store has folded everything a topic partition held when the lookup
 * began (its end offset then), at once if the store already had or had committed that far. Fails with a 503 after
 * the read-your-writes timeout, which is a scheduled deadline: nothing waits on a thread meanwhile.
 */
final class ReadYourWrites implements LocalJobReads.CatchUp {

    /** How far a topic's partitions reach, and how far the store's consumer group has committed in them. */
    interface Positions {
        /** The offset the next record of {@code partition} will get. */
        CompletableFuture<Long> endOffset(int partition);

        /** The store's committed position in {@code partition}, or -1 if it never committed there. */
        CompletableFuture<Long> committed(int partition);
    }

    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final Positions offsets;
    private final JobsTopicProgress progress;
    private final Duration timeout;
    private final LookupScheduler scheduler;

    ReadYourWrites(Positions offsets, JobsTopicProgress progress, Duration timeout, LookupScheduler scheduler) {
        this.offsets = offsets;
        this.progress = progress;
        this.timeout = timeout;
        this.scheduler = scheduler;
    }

    /** Completes on the scheduler (never on Kafka's or the stream thread) once caught up. */
    @Override
    public CompletableFuture<Void> folded(int partition) {
        CompletableFuture<Void> answer = new CompletableFuture<>();
        Runnable deadline = scheduler.schedule(() -> answer.completeExceptionally(stillCatchingUp()), timeout);
        answer.whenComplete((ignored, error) -> deadline.run());
        offsets.endOffset(partition)
                .thenCompose(end -> caughtUp(partition, end, answer))
                .whenComplete((ignored, error) -> scheduler.execute(() -> {
                    if (error == null) {
                        answer.complete(null);
                    } else {
                        answer.completeExceptionally(error instanceof CompletionException ? error.getCause() : error);
                    }
                }));
        return answer;
    }

    /** For readers that may still block (batch reads): waits for {@link #folded} and rethrows its failure. */
    void awaitFolded(int partition) {
        try {
            folded(partition).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private CompletableFuture<Void> caughtUp(int partition, long end, CompletableFuture<Void> answer) {
        if (end == 0 || progress.lastProcessed(partition) >= end - 1) {
            return CompletableFuture.completedFuture(null);
        }
        return offsets.committed(partition).thenCompose(committed -> {
            if (committed >= end) {
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> processed = progress.processed(partition, end - 1);
            answer.whenComplete((ignored, error) -> processed.cancel(false)); // stop waiting at the deadline
            return processed;
        });
    }

    private static FerryException.StoreUnavailable stillCatchingUp() {
        return new FerryException.StoreUnavailable(
                "the job store is still catching up with submitted jobs; retry shortly", RETRY_AFTER);
    }
}
