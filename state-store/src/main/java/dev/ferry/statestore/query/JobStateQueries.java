package dev.ferry.statestore.query;

import dev.ferry.core.config.StoreSettings;
import dev.ferry.core.error.FerryException;
import dev.ferry.core.job.JobRecord;
import dev.ferry.core.lookup.BacklogCounter;
import dev.ferry.core.lookup.JobLookup;
import dev.ferry.statestore.topology.ActivePartitions;
import dev.ferry.statestore.topology.JobStateTopology;
import dev.ferry.statestore.topology.JobsTopicProgress;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The only reader of the job store. A hit is answered at once; a miss is only believed once the store has folded in
 * everything the job's {@code jobs} partition held when the lookup began, so a poll right after a submit never says
 * "not found" for an accepted job. Expired results are never returned, swept or not.
 */
public final class JobStateQueries implements JobLookup, BacklogCounter {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final KafkaStreams streams;
    private final JobsTopicOffsets offsets;
    private final JobsTopicProgress progress;
    private final ActivePartitions active;
    private final Duration catchUpTimeout;
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
        this.catchUpTimeout = catchUpTimeout;
        this.clock = clock;
        this.self = self;
        this.remote = remote;
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
                new RemoteJobLookup(http, mapper, settings.clusterToken()));
    }

    /** Finds the job wherever its store partition lives: here, or on the instance that hosts it. */
    @Override
    public Optional<JobRecord> find(String jobId) {
        requireRunning();
        if (self.isPresent()) {
            KeyQueryMetadata where = streams.queryMetadataForKey(JobStateTopology.JOB_STORE, jobId,
                    Serdes.String().serializer());
            if (where == null || where.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
                throw rebalancing();
            }
            if (!where.activeHost().equals(self.get())) {
                return remote.find(where.activeHost(), jobId);
            }
        }
        return findLocal(jobId);
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

    /** Finds the job in this instance's own store partitions only. */
    public JobLookup local() {
        return this::findLocal;
    }

    private void requireRunning() {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw new FerryException.StoreUnavailable(
                    "the job store is " + streams.state().name().toLowerCase() + "; retry shortly", RETRY_AFTER);
        }
    }

    private Optional<JobRecord> findLocal(String jobId) {
        requireRunning();
        int partition = offsets.partitionFor(jobId);
        JobRecord job = read(jobId, partition);
        if (job == null || job.owner() == null) {
            // a record without an owner holds worker events whose submission is not folded in yet
            job = readAfterCatchingUp(jobId, partition);
        }
        return Optional.ofNullable(job).filter(found -> !found.isExpiredAt(clock.millis()));
    }

    private JobRecord readAfterCatchingUp(String jobId, int partition) {
        long end = offsets.endOffset(partition);
        boolean caughtUp = end == 0
                || progress.lastProcessed(partition) >= end - 1
                || offsets.committed(partition) >= end;
        if (!caughtUp && !awaitProcessed(partition, end - 1)) {
            throw new FerryException.StoreUnavailable(
                    "the job store is still catching up with submitted jobs; retry shortly", RETRY_AFTER);
        }
        return read(jobId, partition);
    }

    private boolean awaitProcessed(int partition, long offset) {
        try {
            return progress.awaitProcessed(partition, offset, catchUpTimeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private JobRecord read(String jobId, int partition) {
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
