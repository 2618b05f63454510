package dev.ferry.ingress.jobs;

import dev.ferry.core.error.FerryException;
import dev.ferry.core.lookup.BacklogCounter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Refuses a new async job when its principal already has {@code max} unfinished jobs: 429 with Retry-After. Admission
 * is atomic per principal: a job admitted but not yet counted by the job store holds a reservation until it is, so a
 * burst of concurrent submits stops at the quota instead of all reading the same old count. With several gateways,
 * each admits at most its share ({@code max} / gateways, rounded up) of uncounted jobs at a time, so a burst spread
 * over N gateways passes the store's estimate by fewer than N jobs.
 */
public final class BacklogQuota {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final long max;
    private final BacklogCounter counter;
    private final Map<String, List<Reservation>> uncounted = new ConcurrentHashMap<>();

    public BacklogQuota(long max, BacklogCounter counter) {
        this.max = max;
        this.counter = counter;
    }

    public static BacklogQuota unlimited() {
        return new BacklogQuota(0, null);
    }

    /**
     * Admits one more job for {@code owner}, or refuses it.
     *
     * @return the reservation to settle once the job was written ({@link Reservation#written}) or not
     *     ({@link Reservation#release})
     */
    Reservation reserve(String owner) {
        if (max <= 0) {
            return new Reservation(null);
        }
        List<Reservation> pending = uncounted.computeIfAbsent(owner, o -> new ArrayList<>());
        synchronized (pending) {
            pending.removeIf(Reservation::isCounted);
            long share = Math.max(1, (max + counter.gateways() - 1) / counter.gateways());
            if (pending.size() >= share || counter.unfinishedJobs(owner) + pending.size() >= max) {
                throw new FerryException.RateLimited("too many unfinished jobs: at most " + max
                        + " per key; poll or wait for some to finish", RETRY_AFTER, "backlog_quota_exceeded");
            }
            Reservation reservation = new Reservation(pending);
            pending.add(reservation);
            return reservation;
        }
    }

    /** One admitted job that the job store may not have counted yet. */
    final class Reservation {
        private final List<Reservation> pending;
        private int partition = -1;
        private long offset = -1;

        private Reservation(List<Reservation> pending) {
            this.pending = pending;
        }

        /** The job is on the {@code jobs} topic: the reservation lasts until the store has counted it. */
        void written(int writtenPartition, long writtenOffset) {
            if (pending != null) {
                synchronized (pending) {
                    partition = writtenPartition;
                    offset = writtenOffset;
                }
            }
        }

        /** The job was not written after all. */
        void release() {
            if (pending != null) {
                synchronized (pending) {
                    pending.remove(this);
                }
            }
        }

        /** Called with the owner's list locked. */
        private boolean isCounted() {
            return offset >= 0 && counter.counted(partition, offset);
        }
    }
}
