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
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The only reader of the job store. A job is read where its store partition is active: here ({@link LocalJobReads}),
 * or on the instance hosting it, over HTTP. When that instance does not answer (it died and the group has not noticed
 * yet), a standby copy answers instead: a job it holds and the caller may see is served; anything else stays a 503,
 * since a standby that lags cannot tell "no such job" from "not copied yet". Expired results are never returned.
 */
public final class JobStateQueries implements JobLookup, BacklogCounter {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final KafkaStreams streams;
    private final JobsTopicOffsets offsets;
    private final JobsTopicProgress progress;
    private final ActivePartitions active;
    private final LocalJobReads local;
    private final Clock clock;
    private final Optional<HostInfo> self;
    private final RemoteJobLookup remote;

    JobStateQueries(
            KafkaStreams streams,
            JobsTopicOffsets offsets,
            JobsTopicProgress progress,
            ActivePartitions active,
            Duration catchUpTimeout,
            Clock clock,
            Optional<HostInfo> self,
            RemoteJobLookup remote) {
        this.streams = streams;
        this.offsets = offsets;
        this.progress = progress;
        this.active = active;
        this.clock = clock;
        this.self = self;
        this.remote = remote;
        this.local = new LocalJobReads(offsets::partitionFor, this::readActive,
                new ReadYourWrites(offsets, progress, catchUpTimeout), clock::millis);
    }

    /**
     * @param self this instance's {@code application.server}, when other instances may host store partitions
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
            Optional<HostInfo> self,
            HttpClient http,
            ObjectMapper mapper) {
        JobsTopicOffsets offsets = new JobsTopicOffsets(admin, jobsTopic, settings.applicationId(), jobsPartitions);
        return new JobStateQueries(streams, offsets, progress, active, settings.readYourWritesTimeout(), clock, self,
                new RemoteJobLookup(http, mapper, settings.clusterToken(), settings.readYourWritesTimeout()));
    }

    /** Finds the job wherever its store partition lives: here, on the instance that hosts it, or on a standby. */
    @Override
    public Optional<JobRecord> find(String jobId, String owner) {
        requireRunning();
        if (self.isEmpty()) {
            return local.find(jobId, owner);
        }
        KeyQueryMetadata where = streams.queryMetadataForKey(JobStateTopology.JOB_STORE, jobId,
                Serdes.String().serializer());
        if (where == null || where.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            return readStandby(jobId, owner).map(Optional::of).orElseThrow(JobStateQueries::rebalancing);
        }
        if (where.activeHost().equals(self.get())) {
            return local.find(jobId, owner);
        }
        try {
            return remote.find(where.activeHost(), jobId, owner);
        } catch (FerryException.StoreUnavailable activeDidNotAnswer) {
            return fromStandby(where, jobId, owner).map(Optional::of).orElseThrow(() -> activeDidNotAnswer);
        }
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
            throw rebalancing();
        }
        return hosted == 0 ? 0 : sum * offsets.partitions() / hosted;
    }

    @Override
    public boolean counted(int partition, long offset) {
        return active.jobs(partition).isEmpty() || progress.lastProcessed(partition) >= offset;
    }

    @Override
    public int gateways() {
        return Math.max(1, streams.metadataForAllStreamsClients().size());
    }

    /** Finds the job in this instance's own active store partitions only (for other instances' lookups). */
    public JobLookup local() {
        return (jobId, owner) -> {
            requireRunning();
            return local.find(jobId, owner);
        };
    }

    /**
     * Finds the job in this instance's standby (or active) copy of its partition, for an instance whose active host
     * did not answer: a visible job is returned, and anything else is a 503, never "not found".
     */
    public JobLookup standby() {
        return (jobId, owner) -> Optional.of(readStandby(jobId, owner).orElseThrow(() ->
                new FerryException.StoreUnavailable("the standby copy cannot confirm this job; retry shortly",
                        RETRY_AFTER)));
    }

    private Optional<JobRecord> fromStandby(KeyQueryMetadata where, String jobId, String owner) {
        for (HostInfo standby : where.standbyHosts()) {
            try {
                Optional<JobRecord> found = standby.equals(self.orElseThrow())
                        ? readStandby(jobId, owner)
                        : remote.findOnStandby(standby, jobId, owner);
                if (found.isPresent()) {
                    return found;
                }
            } catch (FerryException.StoreUnavailable notThere) {
                // try the next copy
            }
        }
        return Optional.empty();
    }

    private Optional<JobRecord> readStandby(String jobId, String owner) {
        requireRunning();
        try {
            ReadOnlyKeyValueStore<String, JobRecord> copy = streams.store(StoreQueryParameters
                    .fromNameAndType(JobStateTopology.JOB_STORE, QueryableStoreTypes.<String, JobRecord>keyValueStore())
                    .enableStaleStores()
                    .withPartition(offsets.partitionFor(jobId)));
            return Optional.ofNullable(copy.get(jobId)).filter(job -> job.isVisibleTo(owner, clock.millis()));
        } catch (InvalidStateStoreException e) {
            return Optional.empty();
        }
    }

    /**
     * Lookups go on while the group rebalances: partitions that stay put keep being served (rebalancing is
     * cooperative), and those on the move answer 503 or come from a standby copy.
     */
    private void requireRunning() {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
            throw new FerryException.StoreUnavailable(
                    "the job store is " + state.name().toLowerCase() + "; retry shortly", RETRY_AFTER);
        }
    }

    private JobRecord readActive(String jobId, int partition) {
        ReadOnlyKeyValueStore<String, JobRecord> store =
                active.jobs(partition).orElseThrow(JobStateQueries::rebalancing);
        try {
            return store.get(jobId);
        } catch (InvalidStateStoreException e) {
            throw rebalancing();
        }
    }

    private static FerryException.StoreUnavailable rebalancing() {
        return new FerryException.StoreUnavailable("the job store is rebalancing; retry shortly", RETRY_AFTER);
    }
}
