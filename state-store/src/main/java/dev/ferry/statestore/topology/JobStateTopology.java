package dev.ferry.statestore.topology;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.core.job.JobRecord;
import dev.ferry.core.serde.JsonSerde;
import dev.ferry.core.topic.FerryTopics;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/** The only topology: {@code jobs} + {@code job-events} + {@code job-control} → one {@link JobRecord} per job in RocksDB, with TTL expiry. */
public final class JobStateTopology {

    public static final String JOB_STORE = "job-state";
    static final String EXPIRY_STORE = "job-expiry";
    public static final String BACKLOG_STORE = "owner-backlog";
    private static final String JOBS_SOURCE = "jobs-source";
    private static final String EVENTS_SOURCE = "job-events-source";
    private static final String CONTROL_SOURCE = "job-control-source";
    private static final String FOLDER = "job-state-folder";

    private JobStateTopology() {
    }

    /**
     * @param maxRecordBytes the largest job record (a provider response can be large); sizes the changelog topic
     */
    public static Topology build(
            FerryTopics topics,
            ObjectMapper mapper,
            Duration sweepInterval,
            JobsTopicProgress progress,
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
        topology.addProcessor(FOLDER,
                () -> new JobStateProcessor(topics.jobs().name(), sweepInterval, progress, active, metrics),
                JOBS_SOURCE, EVENTS_SOURCE, CONTROL_SOURCE);
        Serde<JobRecord> recordSerde = new JsonSerde<>(mapper, JobRecord.class);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(JOB_STORE), Serdes.String(), recordSerde)
                .withLoggingEnabled(changelogConfig), FOLDER);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(EXPIRY_STORE), Serdes.Bytes(), Serdes.String())
                .withLoggingEnabled(Map.of()), FOLDER);
        // Every submission and every completion updates its owner's count: cached, the updates of one commit
        // interval reach RocksDB and the changelog as one write per owner. The job store itself is not cached: its
        // keys are all different, and in the benchmark the cache cost submissions more CPU than it saved.
        topology.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(BACKLOG_STORE), Serdes.String(), Serdes.Long())
                .withLoggingEnabled(Map.of())
                .withCachingEnabled(), FOLDER);
        return topology;
    }
}
