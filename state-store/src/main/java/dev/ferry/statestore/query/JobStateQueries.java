package dev.ferry.statestore.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.core.config.StoreSettings;
import dev.ferry.core.error.FerryException;
import dev.ferry.core.job.JobRecord;
import dev.ferry.core.lookup.BacklogCounter;
import dev.ferry.core.lookup.JobLookup;
import dev.ferry.statestore.topology.ActivePartitions;
import dev.ferry.statestore.topology.JobStateTopology;
import dev.ferry.statestore.topology.JobsTopicProgress;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The only reader of the job store, and it never blocks its caller. Kafka Streams places each job
 * ({@link KafkaStreams#queryMetadataForKey}: its partition, active host and standby hosts), and
 * {@link ClusterJobReads} reads it there. Lookups go on while the group rebalances: partitions that stay put keep
 * being served (rebalancing is cooperative), and those on the move answer 503 or come from a standby copy. Also
 * counts principals' unfinished jobs for backlog quotas.
 */
public final class JobStateQueries implements JobLookup, BacklogCounter {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    private static final Serializer<String> KEYS = Serdes.String().serializer();

    private final KafkaStreams streams;
    private final int partitions;
    private final JobsTopicProgress progress;
    private final ActivePartitions active;
    private final ClusterJobReads reads;
    private final CachedPlacements placements;

    private JobStateQueries(KafkaStreams streams, int partitions, JobsTopicProgress progress,
            ActivePartitions active, boolean directReads, ReadYourWrites catchUp, Clock clock, HostInfo self,
            RemoteJobLookup remote) {
        this.streams = streams;
        this.partitions = partitions;
        this.progress = progress;
        this.active = active;
        JobStoreReads store = new JobStoreReads(streams, active, directReads);
        this.placements = directReads ? new CachedPlacements(this::askStreams, partitions, clock::millis) : null;
        this.reads = new ClusterJobReads(this::placement, new LocalJobReads(store, catchUp, clock::millis),
                store::readAnyCopy, remote, self, clock::millis);
    }

    /**
     * @param self this instance's {@code application.server}
     * @param scheduler where lookups continue after waiting for Kafka or the stream thread, and their deadlines fire
     */
    public static JobStateQueries create(
            KafkaStreams streams,
            Admin admin,
            String jobsTopic,
            StoreSettings settings,
            int jobsPartitions,
            JobsTopicProgress progress,
            ActivePartitions active,
            Clock clock,
            HostInfo self,
            HttpClient http,
            ObjectMapper mapper,
            ScheduledExecutorService scheduler) {
        ReadYourWrites catchUp = new ReadYourWrites(
                new JobsTopicOffsets(admin, jobsTopic, settings.applicationId(), jobsPartitions), progress,
                settings.readYourWritesTimeout(), LookupScheduler.on(scheduler));
        return new JobStateQueries(streams, jobsPartitions, progress, active, settings.directReads(), catchUp, clock,
                self,
                new RemoteJobLookup(http, mapper, settings.clusterToken(), settings.readYourWritesTimeout()));
    }

    /** Finds the job wherever its store partition lives: here, on the instance that hosts it, or on a standby. */
    @Override
    public CompletableFuture<Optional<JobRecord>> find(String jobId, String owner) {
        return reads.find(jobId, owner);
    }

    /** Finds the job in this instance's own active store partitions only (for other instances' lookups). */
    public JobLookup local() {
        return reads.local();
    }

    /** Finds the job in this instance's copies only, for an instance whose active host did not answer. */
    public JobLookup standby() {
        return reads.standby();
    }

    /**
     * Sums the owner's unfinished jobs over the store partitions this instance hosts and scales the sum to all
     * partitions (job ids spread evenly over them), so that each instance can enforce a cluster-wide quota alone.
     */
    @Override
    public long unfinishedJobs(String owner) {
        requireRunning();
        long sum = 0;
        int hosted = 0;
        try {
            for (ReadOnlyKeyValueStore<String, Long> backlog : active.backlogs()) {
                Long count = backlog.get(owner);
                sum += count == null ? 0 : count;
                hosted++;
            }
        } catch (InvalidStateStoreException e) {
            throw JobStoreReads.rebalancing();
        }
        return hosted == 0 ? 0 : sum * partitions / hosted;
    }

    @Override
    public boolean counted(int partition, long offset) {
        return active.jobs(partition).isEmpty() || progress.lastProcessed(partition) >= offset;
    }

    @Override
    public int gateways() {
        return Math.max(1, streams.metadataForAllStreamsClients().size());
    }

    /**
     * Tells the lookups that the store's Kafka Streams changed state, so that placements are asked for again: a
     * rebalance may have moved partitions.
     */
    public void stateChanged() {
        if (placements != null) {
            placements.forget();
        }
    }

    /**
     * Where Kafka Streams places the job now, or null while it cannot tell (no assignment yet); with direct reads
     * (the store's fast path, see {@link JobStoreReads}) from {@link CachedPlacements}.
     */
    private KeyQueryMetadata placement(String jobId) {
        requireRunning();
        return placements != null ? placements.of(jobId) : askStreams(jobId);
    }

    private KeyQueryMetadata askStreams(String jobId) {
        KeyQueryMetadata where = streams.queryMetadataForKey(JobStateTopology.JOB_STORE, jobId, KEYS);
        return where == null || where.equals(KeyQueryMetadata.NOT_AVAILABLE) || where.partition() < 0 ? null : where;
    }

    private void requireRunning() {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
            throw new FerryException.StoreUnavailable(
                    "the job store is " + state.name().toLowerCase() + "; retry shortly", RETRY_AFTER);
        }
    }
}
