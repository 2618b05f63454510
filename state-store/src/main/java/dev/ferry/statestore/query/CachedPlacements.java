package dev.ferry.statestore.query;

import dev.ferry.core.topic.KeyPartitions;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' placement of each job store partition (active host, standbys), asked once per partition instead of
 * once per lookup: {@code queryMetadataForKey} rebuilds its view of the topology's source topics on every call, which
 * took 45 % of a poll's lookup in a profile. A job's partition is the producer's default partition for its id
 * ({@link KeyPartitions}, the partition ingress wrote it to); the answer that fills each entry is Kafka Streams' own
 * for that very job, and one whose partition disagrees turns the cache off for good. Entries are forgotten whenever
 * this instance's Kafka Streams changes state (every rebalance passes through one) and after at most a second.
 */
final class CachedPlacements {

    private static final Logger log = LoggerFactory.getLogger(CachedPlacements.class);
    static final long MAX_AGE_MS = 1000;

    private record Entry(KeyQueryMetadata where, long atMs) {
    }

    private final Function<String, KeyQueryMetadata> streams;
    private final int partitions;
    private final LongSupplier clockMs;
    private final AtomicReferenceArray<Entry> entries;
    private volatile boolean trusted = true;

    /**
     * @param streams asks Kafka Streams where a job id is placed; null while it cannot tell
     */
    CachedPlacements(Function<String, KeyQueryMetadata> streams, int partitions, LongSupplier clockMs) {
        this.streams = streams;
        this.partitions = partitions;
        this.clockMs = clockMs;
        this.entries = new AtomicReferenceArray<>(partitions);
    }

    /** Where the job's partition is placed, or null while Kafka Streams cannot tell. */
    KeyQueryMetadata of(String jobId) {
        if (!trusted) {
            return streams.apply(jobId);
        }
        int partition = KeyPartitions.partitionFor(jobId, partitions);
        long now = clockMs.getAsLong();
        Entry entry = entries.get(partition);
        if (entry != null && now - entry.atMs() < MAX_AGE_MS) {
            return entry.where();
        }
        KeyQueryMetadata where = streams.apply(jobId);
        if (where == null) {
            return null;
        }
        if (where.partition() != partition) {
            trusted = false;
            log.warn("Kafka Streams places job {} on partition {}, not {} as the producer's default partitioner "
                    + "does; placements are no longer cached.", jobId, where.partition(), partition);
            return where;
        }
        entries.set(partition, new Entry(where, now));
        return where;
    }

    /** Forgets every placement: the group's assignment may have changed. */
    void forget() {
        for (int partition = 0; partition < partitions; partition++) {
            entries.set(partition, null);
        }
    }
}
