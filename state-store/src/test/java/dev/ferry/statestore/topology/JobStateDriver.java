package dev.ferry.statestore.topology;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.core.batch.BatchLog;
import dev.ferry.core.batch.BatchRecord;
import dev.ferry.core.config.BatchSettings;
import dev.ferry.core.config.KafkaSettings;
import dev.ferry.core.job.JobControl;
import dev.ferry.core.job.JobEvent;
import dev.ferry.core.job.JobRecord;
import dev.ferry.core.job.JobSubmitted;
import dev.ferry.core.serde.Json;
import dev.ferry.core.topic.FerryTopics;
import dev.ferry.events.BatchEvent;
import dev.ferry.events.EventTopics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The job store's topology under Kafka Streams' test driver, one partition, with its input topics, its
 * {@code batch-events} output and its stores at hand; the wall clock starts at {@code start} and moves only when a
 * test moves it.
 */
final class JobStateDriver implements AutoCloseable {

    final ObjectMapper mapper = Json.newMapper();
    final JobsTopicProgress progress = new JobsTopicProgress();
    final ActivePartitions active = new ActivePartitions();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final JobStoreMetrics metrics = new JobStoreMetrics(registry);
    final TopologyTestDriver driver;
    final TestInputTopic<String, JobSubmitted> jobs;
    final TestInputTopic<String, JobSubmitted> batchLines;
    final TestInputTopic<String, JobEvent> events;
    final TestInputTopic<String, JobControl> control;
    final TestInputTopic<String, BatchLog> batchLog;
    final TestOutputTopic<String, BatchEvent> batchEvents;
    final KeyValueStore<String, JobRecord> jobStore;
    final KeyValueStore<String, BatchRecord> batchStore;

    JobStateDriver(Instant start) {
        KafkaSettings kafka = new KafkaSettings(Optional.empty(), "jobs", "job-events", "job-control",
                "jobs-dlq", 1, (short) 1, 1 << 20);
        BatchSettings batch = BatchSettings.defaults();
        FerryTopics topics = FerryTopics.create(kafka, batch, mapper);
        EventTopics publicTopics = EventTopics.create(kafka, batch, mapper);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "job-state-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(JobStateTopology.build(topics, publicTopics, mapper, Duration.ofSeconds(1),
                progress, new JobsTopicProgress(), active, metrics, 1 << 20), props, start);
        jobs = driver.createInputTopic(topics.jobs().name(), topics.jobs().keySerde().serializer(),
                topics.jobs().valueSerde().serializer());
        batchLines = driver.createInputTopic(topics.batchJobs().name(), topics.batchJobs().keySerde().serializer(),
                topics.batchJobs().valueSerde().serializer());
        events = driver.createInputTopic(topics.jobEvents().name(), topics.jobEvents().keySerde().serializer(),
                topics.jobEvents().valueSerde().serializer());
        control = driver.createInputTopic(topics.jobControl().name(), topics.jobControl().keySerde().serializer(),
                topics.jobControl().valueSerde().serializer());
        batchLog = driver.createInputTopic(topics.batches().name(), topics.batches().keySerde().serializer(),
                topics.batches().valueSerde().serializer());
        batchEvents = driver.createOutputTopic(publicTopics.batchEvents().name(),
                publicTopics.batchEvents().keySerde().deserializer(),
                publicTopics.batchEvents().valueSerde().deserializer());
        jobStore = driver.getKeyValueStore(JobStateTopology.JOB_STORE);
        batchStore = driver.getKeyValueStore(JobStateTopology.BATCH_STORE);
    }

    @Override
    public void close() {
        driver.close();
    }
}
