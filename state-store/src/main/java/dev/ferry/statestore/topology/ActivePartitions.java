package dev.ferry.statestore.topology;

import dev.ferry.core.batch.BatchRecord;
import dev.ferry.core.batch.FileRecord;
import dev.ferry.core.job.JobRecord;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The store partitions this instance actively serves, with the handles the folding processor was given for them.
 * Lookups read through these handles rather than through interactive queries, which resolve the store among all of
 * the instance's tasks on every single read (a quarter of a poll's CPU in a profile). A partition is listed from the
 * moment its task starts processing (after any restore) until it is suspended, closed or moved: the same stores an
 * interactive query for active tasks would find. A handle whose store has been closed meanwhile throws
 * {@link org.apache.kafka.streams.errors.InvalidStateStoreException}, as an interactive query would.
 */
public final class ActivePartitions {

    /** One partition's stores, as its processor sees them. */
    record Stores(ReadOnlyKeyValueStore<String, JobRecord> jobs, ReadOnlyKeyValueStore<String, Long> backlog,
            ReadOnlyKeyValueStore<String, BatchRecord> batches, ReadOnlyKeyValueStore<String, FileRecord> files) {
    }

    private final ConcurrentMap<Integer, Stores> byPartition = new ConcurrentHashMap<>();

    void opened(int partition, Stores stores) {
        byPartition.put(partition, stores);
    }

    /** Forgets the partition unless a newer processor has opened it since. */
    void closed(int partition, Stores stores) {
        byPartition.remove(partition, stores);
    }

    /** The job store of {@code partition}, if this instance actively serves it. */
    public Optional<ReadOnlyKeyValueStore<String, JobRecord>> jobs(int partition) {
        return Optional.ofNullable(byPartition.get(partition)).map(Stores::jobs);
    }

    /** The batch store of {@code partition}, if this instance actively serves it. */
    public Optional<ReadOnlyKeyValueStore<String, BatchRecord>> batches(int partition) {
        return Optional.ofNullable(byPartition.get(partition)).map(Stores::batches);
    }

    /** The file store of {@code partition}, if this instance actively serves it. */
    public Optional<ReadOnlyKeyValueStore<String, FileRecord>> files(int partition) {
        return Optional.ofNullable(byPartition.get(partition)).map(Stores::files);
    }

    /** The partitions this instance actively serves. */
    public java.util.Set<Integer> partitions() {
        return java.util.Set.copyOf(byPartition.keySet());
    }

    /** The batch stores of every partition this instance actively serves. */
    public Collection<ReadOnlyKeyValueStore<String, BatchRecord>> allBatches() {
        return byPartition.values().stream().map(Stores::batches).toList();
    }

    /** The file stores of every partition this instance actively serves. */
    public Collection<ReadOnlyKeyValueStore<String, FileRecord>> allFiles() {
        return byPartition.values().stream().map(Stores::files).toList();
    }

    /** The owner-backlog stores of every partition this instance actively serves. */
    public Collection<ReadOnlyKeyValueStore<String, Long>> backlogs() {
        return byPartition.values().stream().map(Stores::backlog).toList();
    }
}
