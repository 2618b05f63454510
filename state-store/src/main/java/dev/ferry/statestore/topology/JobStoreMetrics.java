package dev.ferry.statestore.topology;

import dev.ferry.core.job.JobStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the job store holds on this instance, by status ({@code ferry_job_store_entries{status}}), and how many jobs
 * its sweep deleted after their TTL ({@code ferry_job_store_expired_total}). Each active partition's processor keeps
 * its own counts, seeded by one pass over its store when it starts (after any restore) and kept in step as it folds.
 */
public final class JobStoreMetrics {

    private final Set<AtomicLongArray> partitions = ConcurrentHashMap.newKeySet();
    private final Counter expired;

    public JobStoreMetrics(MeterRegistry registry) {
        for (JobStatus status : JobStatus.values()) {
            Gauge.builder("ferry.job.store.entries", this, metrics -> metrics.count(status))
                    .description("Jobs in this instance's active job store partitions, by status")
                    .tag("status", status.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
        this.expired = Counter.builder("ferry.job.store.expired")
                .description("Jobs the store deleted because their result TTL had passed")
                .register(registry);
    }

    /** Counts of all statuses right now, on this instance. */
    public Map<JobStatus, Long> byStatus() {
        Map<JobStatus, Long> counts = new java.util.EnumMap<>(JobStatus.class);
        for (JobStatus status : JobStatus.values()) {
            counts.put(status, (long) count(status));
        }
        return counts;
    }

    private double count(JobStatus status) {
        long sum = 0;
        for (AtomicLongArray counts : partitions) {
            sum += counts.get(status.ordinal());
        }
        return sum;
    }

    /** A partition's processor started with these counts; it updates them in place. */
    AtomicLongArray opened() {
        AtomicLongArray counts = new AtomicLongArray(JobStatus.values().length);
        partitions.add(counts);
        return counts;
    }

    void closed(AtomicLongArray counts) {
        partitions.remove(counts);
    }

    void expired() {
        expired.increment();
    }
}
