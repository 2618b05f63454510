package dev.ferry.statestore.query;

import dev.ferry.core.error.FerryException;
import dev.ferry.core.job.JobRecord;
import dev.ferry.statestore.topology.ActivePartitions;
import dev.ferry.statestore.topology.JobStateTopology;
import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads one job from this instance's copy of the job store. An active partition is read through the handle its
 * folding processor registered ({@link ActivePartitions}): the one fast path that bypasses interactive queries, which
 * resolve the store among all of the instance's tasks on every read; with direct reads off, through an interactive
 * query instead (the benchmark compares the two). A copy that may lag (a standby, or any copy while the group has no
 * assignment) is read through an interactive query with stale stores enabled.
 */
final class JobStoreReads implements LocalJobReads.PartitionReads {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final KafkaStreams streams;
    private final ActivePartitions active;
    private final boolean direct;

    JobStoreReads(KafkaStreams streams, ActivePartitions active, boolean direct) {
        this.streams = streams;
        this.active = active;
        this.direct = direct;
    }

    /** @throws FerryException.StoreUnavailable when {@code partition} is not active here (anymore) */
    @Override
    public JobRecord read(String jobId, int partition) {
        try {
            ReadOnlyKeyValueStore<String, JobRecord> store = direct
                    ? active.jobs(partition).orElseThrow(JobStoreReads::rebalancing)
                    : streams.store(query().withPartition(partition));
            return store.get(jobId);
        } catch (InvalidStateStoreException e) {
            throw rebalancing();
        }
    }

    /**
     * @param partition the job's partition, or -1 when Kafka Streams cannot place it now (every local copy is asked)
     * @return the job as any local copy holds it, or null when none holds it or none can be read
     */
    JobRecord readAnyCopy(String jobId, int partition) {
        StoreQueryParameters<ReadOnlyKeyValueStore<String, JobRecord>> query = query().enableStaleStores();
        try {
            return streams.store(partition < 0 ? query : query.withPartition(partition)).get(jobId);
        } catch (InvalidStateStoreException e) {
            return null;
        }
    }

    private static StoreQueryParameters<ReadOnlyKeyValueStore<String, JobRecord>> query() {
        return StoreQueryParameters.fromNameAndType(JobStateTopology.JOB_STORE,
                QueryableStoreTypes.<String, JobRecord>keyValueStore());
    }

    static FerryException.StoreUnavailable rebalancing() {
        return new FerryException.StoreUnavailable("the job store is rebalancing; retry shortly", RETRY_AFTER);
    }
}
