package dev.ferry.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.config.BatchSettings;
import dev.ferry.core.config.KafkaSettings;
import dev.ferry.core.job.JobEvent;
import dev.ferry.core.job.JobId;
import dev.ferry.core.job.JobSubmitted;
import dev.ferry.core.metrics.JobMetrics;
import dev.ferry.core.serde.Json;
import dev.ferry.core.topic.FerryTopics;
import dev.ferry.events.EventTopics;
import dev.ferry.providers.ProviderRouter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A worker's job runner over a {@link FakeProvider} (addressed as {@code fake/…}) and Kafka's {@link MockProducer},
 * which acknowledges every record at once: what the worker wrote can be read back.
 */
final class WorkerFixture implements AutoCloseable {

    static final long NOW = 1_796_040_000_000L;
    static final Duration DEADLINE = Duration.ofMinutes(10);

    final ObjectMapper mapper = Json.newMapper();
    final KafkaSettings kafka = new KafkaSettings(Optional.empty(), "jobs", "job-events", "job-control", "jobs-dlq",
            1, (short) 1, 1 << 20);
    final FerryTopics topics = FerryTopics.create(kafka, mapper);
    final EventTopics events = EventTopics.create(kafka, BatchSettings.defaults(), mapper);
    final MockProducer<String, byte[]> producer =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    final FakeProvider provider = new FakeProvider();
    final CancelledJobs cancelled = new CancelledJobs(100);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    /**
     * A runner that announces every start at once.
     *
     * @param maxAttempts provider calls per job at most; retries wait a millisecond or two
     */
    JobRunner runner(int maxAttempts) {
        return runner(maxAttempts, Duration.ZERO);
    }

    /** A runner that announces a start once the job has run for {@code startedEventDelay}. */
    JobRunner runner(int maxAttempts, Duration startedEventDelay) {
        return new JobRunner(new ProviderRouter(Map.of("fake", provider)),
                new JobEventPublisher(producer, topics, events, Runnable::run), Duration.ofSeconds(5),
                new RetryPolicy(maxAttempts, Duration.ofMillis(1), Duration.ofMillis(2), () -> 0.5), DEADLINE,
                Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC), scheduler, cancelled,
                new StartAnnouncements(startedEventDelay, scheduler), JobMetrics.none());
    }

    /** A job submitted {@code ageMs} before now. */
    JobSubmitted job(String input, long ageMs) {
        ObjectNode request = mapper.createObjectNode().put("model", "fake/echo").put("input", input);
        return new JobSubmitted(JobId.random().value(), "fake/echo", request, "team-a", 60, NOW - ageMs);
    }

    /** What the worker reported on {@code job-events}, in order. */
    List<JobEvent> jobEvents() {
        return written(kafka.jobEventsTopic()).stream()
                .map(record -> events.jobEvents().valueSerde().deserializer()
                        .deserialize(record.topic(), record.headers(), record.value()).event())
                .toList();
    }

    List<ProducerRecord<String, byte[]>> written(String topic) {
        return producer.history().stream().filter(record -> record.topic().equals(topic)).toList();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
