package dev.ferry.statestore.topology;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.core.batch.BatchRecord;
import dev.ferry.core.batch.FileRecord;
import dev.ferry.core.job.JobRecord;
import dev.ferry.core.serde.JsonSerde;
import dev.ferry.core.topic.FerryTopics;
import dev.ferry.events.EventTopics;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The only topology: {@code jobs} + {@code job-events} + {@code job-control} → one {@link JobRecord} per job in
 * RocksDB, with TTL expiry; with {@code jobs-batch} (the batch lane) and {@code batches} beside them, one
 * {@link BatchRecord} per batch and one {@link FileRecord} per file, and batch status changes out to
 * {@code batch-events}.
 */
public final class JobStateTopology {

    public static final String JOB_STORE = "job-state";
    static final String EXPIRY_STORE = "job-expiry";
    public static final String BACKLOG_STORE = "owner-backlog";
    private static final String JOBS_SOURCE = "jobs-source";
    private static final String EVENTS_SOURCE = "job-events-source";
    private static final String CONTROL_SOURCE = "job-control-source";
    private static final String BATCH_JOBS_SOURCE = "batch-jobs-source";
    private static final String BATCHES_SOURCE = "batches-source";
    private static final String FOLDER = "job-state-folder";
    private static final String BATCH_EVENTS_SINK = "batch-events-sink";
    public static final String BATCH_STORE = "batch-state";
    public static final String FILE_STORE = "batch-files";

    private JobStateTopology() {
    }

    /**
     * @param maxRecordBytes the largest job record (a provider response can be large); sizes the changelog topic
     */
    public static Topology build(
            FerryTopics topics,
            EventTopics events,
            ObjectMapper mapper,
            Duration sweepInterval,
            JobsTopicProgress progress,
            JobsTopicProgress batchesProgress,
            ActivePartitions active,
            JobStoreMetrics metrics,
            int maxRecordBytes) {
        Map<String, String> changelogConfig = Map.of("max.message.bytes", Integer.toString(maxRecordBytes));
        Topology topology = new Topology();
        topology.addSource(JOBS_SOURCE, topics.jobs().keySerde().deserializer(),
                topics.jobsFormat().envelopeDeserializer(), topics.jobs().name());
        topology.addSource(EVENTS_SOURCE, topics.jobEvents().keySerde().deserializer(),
                topics.jobEvents().valueSerde().deserializer(), topics.jobEvents().name());
        topology.addSource(CONTROL_SOURCE, topics.jobControl().keySerde().deserializer(),
                topics.jobControl().valueSerde().deserializer(), topics.jobControl().name());
        topology.addSource(BATCH_JOBS_SOURCE, topics.batchJobs().keySerde().deserializer(),
                topics.jobsFormat().envelopeDeserializer(), topics.batchJobs().name());
        topology.addSource(BATCHES_SOURCE, topics.batches().keySerde().deserializer(),
                topics.batches().valueSerde().deserializer(), topics.batches().name());
        topology.addProcessor(FOLDER,
                () -> new JobStateProcessor(topics.jobs().name(), topics.batches().name(), sweepInterval, progress,
                        batchesProgress, active, metrics, mapper),
                JOBS_SOURCE, EVENTS_SOURCE, CONTROL_SOURCE, BATCH_JOBS_SOURCE, BATCHES_SOURCE);
        topology.addSink(BATCH_EVENTS_SINK, events.batchEvents().name(), events.batchEvents().keySerde().serializer(),
                events.batchEvents().valueSerde().serializer(), FOLDER);
        Serde<JobRecord> recordSerde = new JobRecordFormat(mapper);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(JOB_STORE), Serdes.String(), recordSerde)
                .withLoggingEnabled(changelogConfig), FOLDER);
        // The expiry index is derived from the job store, so it has no changelog of its own: that cost the broker
        // about two more records per job in the benchmark. The processor rebuilds it from the job store each time its
        // task starts (JobStateProcessor#init), after a restore into an empty directory as after a crash.
        topology.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(EXPIRY_STORE), Serdes.Bytes(), Serdes.String())
                .withLoggingDisabled(), FOLDER);
        // Every submission and every completion updates its owner's count: cached, the updates of one commit
        // interval reach RocksDB and the changelog as one write per owner. The job store itself is not cached: its
        // keys are all different, and in the benchmark the cache cost submissions more CPU than it saved.
        topology.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(BACKLOG_STORE), Serdes.String(), Serdes.Long())
                .withLoggingEnabled(Map.of())
                .withCachingEnabled(), FOLDER);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(BATCH_STORE),
                Serdes.String(), new JsonSerde<>(mapper, BatchRecord.class)).withLoggingEnabled(changelogConfig), FOLDER);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(FILE_STORE),
                Serdes.String(), new JsonSerde<>(mapper, FileRecord.class)).withLoggingEnabled(Map.of()), FOLDER);
        return topology;
    }
}
