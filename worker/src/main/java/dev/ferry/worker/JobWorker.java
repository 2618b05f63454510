package dev.ferry.worker;

import dev.ferry.core.config.BatchSettings;
import dev.ferry.core.config.WorkerLane;
import dev.ferry.core.config.WorkerSettings;
import dev.ferry.core.job.JobControl;
import dev.ferry.core.kafka.KafkaClientProperties;
import dev.ferry.core.metrics.JobMetrics;
import dev.ferry.core.topic.FerryTopics;
import dev.ferry.events.EventTopics;
import dev.ferry.providers.ProviderRouter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The worker role: takes jobs from {@code jobs} and batch lines from {@code jobs-batch}, calls providers with many
 * calls in flight, and writes {@code job-events}. The two are lanes of their own: each has its consumer (batch lines in
 * the group {@code <worker group>-batch}), its poll thread and its cap, so a batch's backlog never sits in front of an
 * interactive job in a fetch buffer. With both lanes, batch lines keep at most {@code FERRY_BATCH_LANE_SHARE} of
 * {@code FERRY_WORKER_MAX_IN_FLIGHT} calls in flight beside the interactive ones; a worker given one lane
 * ({@code FERRY_WORKER_LANES}) gives it the whole cap. Closing it stops taking jobs, lets running ones finish (up to
 * the drain timeout) and commits.
 */
public final class JobWorker implements AutoCloseable {

    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_POLL_RECORDS = 500;
    private static final int REMEMBERED_CANCELS = 100_000;
    private static final Duration CANCEL_LOOK_BACK_MARGIN = Duration.ofMinutes(5);

    private static final int BATCH_FETCH_BYTES = 1024 * 1024;

    /** A lane this worker runs: its intake and the thread that polls for it. */
    private record RunningLane(JobIntake intake, Thread thread) {
    }

    private final List<RunningLane> lanes;
    private final JobControlListener controls;
    private final KafkaProducer<String, byte[]> producer;
    private final ScheduledExecutorService scheduler;
    private final Thread controlThread;
    private final List<KafkaClientMetrics> clientMetrics;

    private JobWorker(
            List<RunningLane> lanes,
            JobControlListener controls,
            KafkaProducer<String, byte[]> producer,
            ScheduledExecutorService scheduler,
            List<KafkaClientMetrics> clientMetrics) {
        this.lanes = lanes;
        this.controls = controls;
        this.producer = producer;
        this.scheduler = scheduler;
        this.clientMetrics = clientMetrics;
        this.controlThread = new Thread(controls, "ferry-worker-cancels");
    }

    public static JobWorker create(
            WorkerSettings settings,
            BatchSettings batch,
            KafkaClientProperties kafka,
            FerryTopics topics,
            EventTopics events,
            ProviderRouter router,
            Clock clock,
            MeterRegistry registry,
            JobMetrics metrics) {
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producer(kafka),
                new StringSerializer(), new ByteArraySerializer());
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ferry-worker-retries");
            thread.setDaemon(true);
            return thread;
        });
        CancelledJobs cancelled = new CancelledJobs(REMEMBERED_CANCELS);
        RetryPolicy retries = new RetryPolicy(settings.maxAttempts(), settings.retryBaseDelay(),
                settings.retryMaxDelay(), () -> ThreadLocalRandom.current().nextDouble());
        JobRunner runner = new JobRunner(router, new JobEventPublisher(producer, topics, events, scheduler),
                settings.providerTimeout(),
                retries, settings.jobDeadline(), clock, scheduler, cancelled,
                new StartAnnouncements(settings.startedEventDelay(), scheduler), metrics);
        KafkaConsumer<String, JobControl> controlConsumer = new KafkaConsumer<>(
                kafka.consumer("ferry-worker-cancels"), topics.jobControl().keySerde().deserializer(),
                topics.jobControl().valueSerde().deserializer());
        JobControlListener controls = new JobControlListener(controlConsumer, topics.jobControl().name(), cancelled,
                settings.providerTimeout().plus(CANCEL_LOOK_BACK_MARGIN), clock);
        List<RunningLane> lanes = new ArrayList<>();
        List<KafkaClientMetrics> clientMetrics = new ArrayList<>(List.of(new KafkaClientMetrics(producer)));
        if (settings.runs(WorkerLane.INTERACTIVE)) {
            int maxPollRecords = Math.min(MAX_POLL_RECORDS, Math.max(1, settings.maxInFlight() / 2));
            KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                    laneConsumer(kafka, settings.groupId(), "ferry-worker-jobs", maxPollRecords),
                    new StringDeserializer(), new ByteArrayDeserializer());
            JobIntake intake = new JobIntake(consumer, List.of(new JobIntake.Lane(topics.jobs().name(),
                    settings.maxInFlight())), topics.jobsFormat(), runner, settings.maxInFlight(), maxPollRecords,
                    settings.commitInterval(), DRAIN_TIMEOUT, new ConsumerLagGauges(registry, "interactive"));
            lanes.add(new RunningLane(intake, new Thread(intake, "ferry-worker-intake")));
            clientMetrics.add(new KafkaClientMetrics(consumer));
        }
        if (settings.runs(WorkerLane.BATCH)) {
            int batchLaneCap = settings.runs(WorkerLane.INTERACTIVE)
                    ? (int) Math.max(1, Math.round(settings.maxInFlight() * batch.laneShare()))
                    : settings.maxInFlight();
            int batchPollRecords = Math.min(MAX_POLL_RECORDS, Math.max(1, batchLaneCap / 2));
            Properties batchLane = laneConsumer(kafka, settings.groupId() + "-batch", "ferry-worker-batch",
                    batchPollRecords);
            batchLane.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, BATCH_FETCH_BYTES);
            KafkaConsumer<String, byte[]> batchConsumer =
                    new KafkaConsumer<>(batchLane, new StringDeserializer(), new ByteArrayDeserializer());
            JobIntake batchIntake = new JobIntake(batchConsumer, List.of(new JobIntake.Lane(
                    topics.batchJobs().name(), batchLaneCap)), topics.jobsFormat(), runner, batchLaneCap,
                    batchPollRecords, settings.commitInterval(), DRAIN_TIMEOUT,
                    new ConsumerLagGauges(registry, "batch"));
            lanes.add(new RunningLane(batchIntake, new Thread(batchIntake, "ferry-worker-batch-intake")));
            clientMetrics.add(new KafkaClientMetrics(batchConsumer));
        }
        Gauge.builder("ferry.worker.calls.in.flight", () -> inFlight(lanes))
                .description("Jobs this worker has taken and not finished (provider calls, retries waiting), all lanes")
                .register(registry);
        Gauge.builder("ferry.worker.calls.in.flight.max", settings, WorkerSettings::maxInFlight)
                .description("The most jobs this worker keeps in flight before it pauses its partitions")
                .register(registry);
        clientMetrics.forEach(binder -> binder.bindTo(registry));
        return new JobWorker(List.copyOf(lanes), controls, producer, scheduler, List.copyOf(clientMetrics));
    }

    private static Properties producer(KafkaClientProperties kafka) {
        Properties props = kafka.producer("ferry-worker");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        return props;
    }

    /** A member of the worker group {@code groupId}, taking at most {@code maxPollRecords} jobs a poll. */
    private static Properties laneConsumer(
            KafkaClientProperties kafka, String groupId, String clientId, int maxPollRecords) {
        Properties props = kafka.groupConsumer(groupId, clientId);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        return props;
    }

    public JobWorker start() {
        controlThread.start();
        lanes.forEach(lane -> lane.thread().start());
        return this;
    }

    /** True while the consumer loop of every lane it runs is alive: what its readiness check asks. */
    public boolean isRunning() {
        return lanes.stream().allMatch(lane -> lane.thread().isAlive());
    }

    /** Jobs this worker has taken and not yet finished. */
    public int inFlight() {
        return inFlight(lanes);
    }

    private static int inFlight(List<RunningLane> lanes) {
        return lanes.stream().mapToInt(lane -> lane.intake().inFlight()).sum();
    }

    @Override
    public void close() {
        lanes.forEach(lane -> lane.intake().stop());
        try {
            for (RunningLane lane : lanes) {
                lane.thread().join(DRAIN_TIMEOUT.plusSeconds(15).toMillis());
            }
            controls.stop();
            controlThread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            controls.stop();
            producer.close(Duration.ofSeconds(10));
            scheduler.shutdownNow();
            clientMetrics.forEach(KafkaClientMetrics::close);
        }
    }
}
