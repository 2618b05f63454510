package dev.ferry.statestore;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.core.batch.BatchLookup;
import dev.ferry.core.batch.BatchRecord;
import dev.ferry.core.config.KafkaSettings;
import dev.ferry.core.config.StoreSettings;
import dev.ferry.core.kafka.KafkaClientProperties;
import dev.ferry.core.lookup.BacklogCounter;
import dev.ferry.core.lookup.JobLookup;
import dev.ferry.core.topic.FerryTopics;
import dev.ferry.events.EventTopics;
import dev.ferry.statestore.query.BatchStateQueries;
import dev.ferry.statestore.query.JobStateQueries;
import dev.ferry.statestore.topology.ActivePartitions;
import dev.ferry.statestore.topology.JobStateTopology;
import dev.ferry.statestore.topology.JobStoreMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import dev.ferry.statestore.topology.JobsTopicProgress;
import java.time.Clock;
import java.time.Duration;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job state store: a Kafka Streams application over RocksDB that folds {@code jobs} and {@code job-events} into
 * one record per job and answers lookups for it. Its changelog topics are the source of truth; a restart restores the
 * RocksDB files from them (or reuses them when they are intact).
 */
public final class JobStateStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JobStateStore.class);
    private static final long BACKLOG_CACHE_BYTES = 1024 * 1024;
    private static final int LOOKUP_THREADS = 2;
    /**
     * The address an instance that no other instance reaches (no advertised host) gives Kafka Streams: Kafka Streams
     * places keys (partition, active and standby hosts) only for instances with an {@code application.server}.
     */
    private static final HostInfo UNREACHABLE_SELF = new HostInfo("localhost", 0);

    private final KafkaStreams streams;
    private final JobStateQueries queries;
    private final BatchStateQueries batchQueries;
    private final JobStoreMetrics metrics;
    private final KafkaStreamsMetrics streamsMetrics;
    private final ScheduledExecutorService lookupScheduler;

    private JobStateStore(
            KafkaStreams streams,
            JobStateQueries queries,
            BatchStateQueries batchQueries,
            JobStoreMetrics metrics,
            KafkaStreamsMetrics streamsMetrics,
            ScheduledExecutorService lookupScheduler) {
        this.streams = streams;
        this.lookupScheduler = lookupScheduler;
        this.queries = queries;
        this.batchQueries = batchQueries;
        this.metrics = metrics;
        this.streamsMetrics = streamsMetrics;
    }

    /**
     * @param jobsPartitions the partition count of the {@code jobs} topic (backlog estimates; batch reads still
     *     recompute the producer's partitioning, job lookups ask Kafka Streams)
     * @param self how other instances reach this one, when several share the store; lookups are then forwarded
     */
    public static JobStateStore create(
            StoreSettings settings,
            KafkaSettings kafka,
            KafkaClientProperties clients,
            FerryTopics topics,
            EventTopics events,
            ObjectMapper mapper,
            Admin admin,
            int jobsPartitions,
            Clock clock,
            Optional<HostInfo> self,
            HttpClient http,
            MeterRegistry registry) {
        HostInfo server = self.orElse(UNREACHABLE_SELF);
        JobsTopicProgress progress = new JobsTopicProgress();
        JobsTopicProgress batchesProgress = new JobsTopicProgress();
        ActivePartitions active = new ActivePartitions();
        JobStoreMetrics metrics = new JobStoreMetrics(registry);
        KafkaStreams streams = new KafkaStreams(
                JobStateTopology.build(topics, events, mapper, settings.expirySweepInterval(), progress,
                        batchesProgress, active, metrics, kafka.maxMessageBytes()),
                properties(settings, clients, server));
        streams.setUncaughtExceptionHandler(error -> {
            log.error("The job store's stream thread failed and is being replaced.", error);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        ScheduledExecutorService lookupScheduler = lookupScheduler();
        JobStateQueries queries = JobStateQueries.create(streams, admin, topics.jobs().name(), settings,
                jobsPartitions, progress, active, clock, server, http, mapper, lookupScheduler);
        streams.setStateListener((next, previous) -> {
            queries.stateChanged();
            log.info("The job store went from {} to {}.", previous, next);
        });
        BatchStateQueries batchQueries = BatchStateQueries.create(streams, admin, topics.batches().name(), settings,
                jobsPartitions, batchesProgress, active, self, http, mapper, lookupScheduler);
        KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        return new JobStateStore(streams, queries, batchQueries, metrics, streamsMetrics, lookupScheduler);
    }

    /**
     * Where lookups continue after waiting for Kafka or the stream thread (a second store read, then the answer), and
     * where their read-your-writes deadlines fire; cancelled deadlines leave at once.
     */
    private static ScheduledExecutorService lookupScheduler() {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(LOOKUP_THREADS, runnable -> {
            Thread thread = new Thread(runnable, "ferry-store-lookups");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        return scheduler;
    }

    private static Properties properties(
            StoreSettings settings, KafkaClientProperties clients, HostInfo self) {
        Properties props = clients.streams(settings.applicationId());
        props.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir().toAbsolutePath().toString());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, settings.standbyReplicas());
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        // only the owner-backlog counts are cached (see JobStateTopology); one entry per principal
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, BACKLOG_CACHE_BYTES);
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                SkipUnreadableRecords.class.getName());
        // Every fold gives the same record whatever order its co-partitioned topics arrive in (JobStateFolder,
        // BatchFolder), so a task never waits for its empty partitions. Idling's per-record check of them (with a
        // formatted message per empty partition) took a sixth of the stream thread's CPU during submits.
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
        return props;
    }

    public JobStateStore start() {
        streams.start();
        return this;
    }

    /** Answers lookups wherever the job's partition lives; see {@link JobStateQueries}. */
    public JobLookup lookup() {
        return queries;
    }

    /** Counts principals' unfinished jobs, for backlog quotas. */
    public BacklogCounter backlog() {
        return queries;
    }

    /** Answers lookups from this instance's own active partitions only. */
    public JobLookup localLookup() {
        return queries.local();
    }

    /** Answers lookups from this instance's standby copies; never "not found", only a job or a 503. */
    public JobLookup standbyLookup() {
        return queries.standby();
    }

    /** Jobs in this instance's active partitions, by status. */
    public java.util.Map<dev.ferry.core.job.JobStatus, Long> jobsByStatus() {
        return metrics.byStatus();
    }

    /** Batches still running in this instance's own partitions, every owner's (for operators). */
    public List<BatchRecord> runningBatches() {
        return batchQueries.running();
    }

    /** Reads batches, files and batch lines wherever their partition lives. */
    public BatchLookup batchLookup() {
        return batchQueries;
    }

    /** Reads batches, files and batch lines from this instance's own active partitions only. */
    public BatchLookup localBatchLookup() {
        return batchQueries.local();
    }

    public boolean isRunning() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    @Override
    public void close() {
        // leave the group so that a restarted or replacing instance gets the partitions at once
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
        streamsMetrics.close();
        lookupScheduler.shutdownNow();
    }
}
