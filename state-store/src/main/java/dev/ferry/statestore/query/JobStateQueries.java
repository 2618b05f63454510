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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
 * ({@link KafkaStreams#queryMetadataForKey}): its store partition, the host where it is active and the standby hosts.
 * The job is read where its partition is active: here ({@link LocalJobReads}), or on that host over HTTP. When that
 * host does not answer (it died and the group has not noticed yet), a standby copy answers instead: a job it holds and
 * the caller may see is served; anything else stays a 503, since a standby that lags cannot tell "no such job" from
 * "not copied yet". Expired results are never returned.
 */
public final class JobStateQueries implements JobLookup, BacklogCounter {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    private static final Serializer<String> KEYS = Serdes.String().serializer();

    private final KafkaStreams streams;
    private final int partitions;
    private final JobsTopicProgress progress;
    private final ActivePartitions active;
    private final JobStoreReads reads;
    private final LocalJobReads local;
    private final Clock clock;
    private final HostInfo self;
    private final RemoteJobLookup remote;

    JobStateQueries(
            KafkaStreams streams,
            int partitions,
            JobsTopicProgress progress,
            ActivePartitions active,
            ReadYourWrites catchUp,
            Clock clock,
            HostInfo self,
            RemoteJobLookup remote) {
        this.streams = streams;
        this.partitions = partitions;
        this.progress = progress;
        this.active = active;
        this.clock = clock;
        this.self = self;
        this.remote = remote;
        this.reads = new JobStoreReads(streams, active);
        this.local = new LocalJobReads(reads, catchUp, clock::millis);
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
        return new JobStateQueries(streams, jobsPartitions, progress, active, catchUp, clock, self,
                new RemoteJobLookup(http, mapper, settings.clusterToken(), settings.readYourWritesTimeout()));
    }

    /** Finds the job wherever its store partition lives: here, on the instance that hosts it, or on a standby. */
    @Override
    public CompletableFuture<Optional<JobRecord>> find(String jobId, String owner) {
        try {
            KeyQueryMetadata where = placement(jobId);
            if (where == null) {
                return visibleLocalCopy(jobId, -1, owner, JobStoreReads.rebalancing());
            }
            if (where.activeHost().equals(self)) {
                return local.find(jobId, where.partition(), owner);
            }
            return remote.find(where.activeHost(), jobId, owner).exceptionallyCompose(error -> {
                Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                return cause instanceof FerryException.StoreUnavailable activeDidNotAnswer
                        ? fromStandby(where.standbyHosts().stream().toList(), jobId, where.partition(), owner,
                                activeDidNotAnswer)
                        : CompletableFuture.failedFuture(cause);
            });
        } catch (RuntimeException unavailable) {
            return CompletableFuture.failedFuture(unavailable);
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

    /** Finds the job in this instance's own active store partitions only (for other instances' lookups). */
    public JobLookup local() {
        return (jobId, owner) -> {
            try {
                KeyQueryMetadata where = placement(jobId);
                if (where == null) {
                    throw JobStoreReads.rebalancing();
                }
                return local.find(jobId, where.partition(), owner);
            } catch (RuntimeException unavailable) {
                return CompletableFuture.failedFuture(unavailable);
            }
        };
    }

    /**
     * Finds the job in this instance's standby (or active) copy of its partition, for an instance whose active host
     * did not answer: a visible job is returned, and anything else is a 503, never "not found".
     */
    public JobLookup standby() {
        return (jobId, owner) -> {
            try {
                KeyQueryMetadata where = placement(jobId);
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
                : remote.findOnStandby(standby, jobId, owner);
        return asked.handle((found, error) -> error == null && found.isPresent()
                        ? CompletableFuture.completedFuture(found)
                        : fromStandby(rest, jobId, partition, owner, otherwise))
                .thenCompose(next -> next);
    }

    /** The job from a local copy that may lag, if the caller may see it; otherwise fails with {@code otherwise}. */
    private CompletableFuture<Optional<JobRecord>> visibleLocalCopy(String jobId, int partition, String owner,
            FerryException.StoreUnavailable otherwise) {
        requireRunning();
        return Optional.ofNullable(reads.readAnyCopy(jobId, partition))
                .filter(job -> job.isVisibleTo(owner, clock.millis()))
                .map(job -> CompletableFuture.completedFuture(Optional.of(job)))
                .orElseGet(() -> CompletableFuture.failedFuture(otherwise));
    }

    /** Where Kafka Streams places the job now, or null while it cannot tell (no assignment yet). */
    private KeyQueryMetadata placement(String jobId) {
        requireRunning();
        KeyQueryMetadata where = streams.queryMetadataForKey(JobStateTopology.JOB_STORE, jobId, KEYS);
        return where == null || where.equals(KeyQueryMetadata.NOT_AVAILABLE) || where.partition() < 0 ? null : where;
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
}
