package dev.ferry.statestore.query;

import dev.ferry.core.error.FerryException;
import dev.ferry.core.job.JobRecord;
import dev.ferry.core.lookup.JobLookup;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Finds a job where Kafka Streams places it, without blocking: in this instance's active partition
 * ({@link LocalJobReads}), or on the instance where it is active, over HTTP. When that instance does not answer (it
 * died and the group has not noticed yet), a standby copy answers instead: a job it holds and the caller may see is
 * served; anything else stays a 503, since a standby that lags cannot tell "no such job" from "not copied yet".
 */
final class ClusterJobReads implements JobLookup {

    /** Where Kafka Streams places a key now. */
    @FunctionalInterface
    interface KeyPlacement {
        /**
         * @return the key's partition, active host and standby hosts, or null while Kafka Streams cannot tell
         * @throws FerryException.StoreUnavailable while the store is not running
         */
        KeyQueryMetadata of(String jobId);
    }

    /** This instance's copies of a partition, active or standby, however far behind. */
    @FunctionalInterface
    interface LocalCopies {
        /** @param partition the job's partition, or -1 to ask every local copy; @return null if none holds it */
        JobRecord read(String jobId, int partition);
    }

    /** Other instances, asked over HTTP; anything but a clear answer fails with a 503. */
    interface OtherInstances {
        CompletableFuture<Optional<JobRecord>> find(HostInfo host, String jobId, String owner);

        CompletableFuture<Optional<JobRecord>> findOnStandby(HostInfo host, String jobId, String owner);
    }

    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final KeyPlacement placement;
    private final LocalJobReads active;
    private final LocalCopies copies;
    private final OtherInstances others;
    private final HostInfo self;
    private final LongSupplier nowMs;

    ClusterJobReads(KeyPlacement placement, LocalJobReads active, LocalCopies copies, OtherInstances others,
            HostInfo self, LongSupplier nowMs) {
        this.placement = placement;
        this.active = active;
        this.copies = copies;
        this.others = others;
        this.self = self;
        this.nowMs = nowMs;
    }

    /** Finds the job wherever its store partition lives: here, on the instance that hosts it, or on a standby. */
    @Override
    public CompletableFuture<Optional<JobRecord>> find(String jobId, String owner) {
        try {
            KeyQueryMetadata where = placement.of(jobId);
            if (where == null) {
                return visibleLocalCopy(jobId, -1, owner, JobStoreReads.rebalancing());
            }
            if (where.activeHost().equals(self)) {
                return active.find(jobId, where.partition(), owner);
            }
            if (where.activeHost().equals(HostInfo.unavailable())) { // the partition is between owners
                return fromStandby(List.copyOf(where.standbyHosts()), jobId, where.partition(), owner,
                        JobStoreReads.rebalancing());
            }
            return others.find(where.activeHost(), jobId, owner).exceptionallyCompose(error -> {
                Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                return cause instanceof FerryException.StoreUnavailable activeDidNotAnswer
                        ? fromStandby(List.copyOf(where.standbyHosts()), jobId, where.partition(), owner,
                                activeDidNotAnswer)
                        : CompletableFuture.failedFuture(cause);
            });
        } catch (RuntimeException unavailable) {
            return CompletableFuture.failedFuture(unavailable);
        }
    }

    /** Finds the job in this instance's own active store partitions only (for other instances' lookups). */
    JobLookup local() {
        return (jobId, owner) -> {
            try {
                KeyQueryMetadata where = placement.of(jobId);
                return where == null
                        ? CompletableFuture.failedFuture(JobStoreReads.rebalancing())
                        : active.find(jobId, where.partition(), owner);
            } catch (RuntimeException unavailable) {
                return CompletableFuture.failedFuture(unavailable);
            }
        };
    }

    /**
     * Finds the job in this instance's standby (or active) copy of its partition, for an instance whose active host
     * did not answer: a visible job is returned, and anything else is a 503, never "not found".
     */
    JobLookup standby() {
        return (jobId, owner) -> {
            try {
                KeyQueryMetadata where = placement.of(jobId);
                return visibleLocalCopy(jobId, where == null ? -1 : where.partition(), owner,
                        new FerryException.StoreUnavailable(
                                "the standby copy cannot confirm this job; retry shortly", RETRY_AFTER));
            } catch (RuntimeException unavailable) {
                return CompletableFuture.failedFuture(unavailable);
            }
        };
    }

    /** Asks the standby hosts one after the other; the first visible job answers, else {@code otherwise}. */
    private CompletableFuture<Optional<JobRecord>> fromStandby(List<HostInfo> standbys, String jobId, int partition,
            String owner, FerryException.StoreUnavailable otherwise) {
        if (standbys.isEmpty()) {
            return CompletableFuture.failedFuture(otherwise);
        }
        HostInfo standby = standbys.get(0);
        List<HostInfo> rest = standbys.subList(1, standbys.size());
        CompletableFuture<Optional<JobRecord>> asked = standby.equals(self)
                ? visibleLocalCopy(jobId, partition, owner, otherwise)
                : others.findOnStandby(standby, jobId, owner);
        return asked.handle((found, error) -> error == null && found.isPresent()
                        ? CompletableFuture.completedFuture(found)
                        : fromStandby(rest, jobId, partition, owner, otherwise))
                .thenCompose(next -> next);
    }

    /** The job from a local copy that may lag, if the caller may see it; otherwise fails with {@code otherwise}. */
    private CompletableFuture<Optional<JobRecord>> visibleLocalCopy(String jobId, int partition, String owner,
            FerryException.StoreUnavailable otherwise) {
        return Optional.ofNullable(copies.read(jobId, partition))
                .filter(job -> job.isVisibleTo(owner, nowMs.getAsLong()))
                .map(job -> CompletableFuture.completedFuture(Optional.of(job)))
                .orElseGet(() -> CompletableFuture.failedFuture(otherwise));
    }
}
