package dev.ferry.worker;

import dev.ferry.core.config.BatchSettings;
import dev.ferry.core.config.KafkaSettings;
import dev.ferry.core.config.WorkerSettings;
import dev.ferry.core.job.JobControl;
import dev.ferry.core.metrics.JobMetrics;
import dev.ferry.core.topic.FerryTopics;
import dev.ferry.events.EventTopics;
import dev.ferry.providers.ProviderRouter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
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
 * interactive job in a fetch buffer, and batch lines keep at most {@code FERRY_BATCH_LANE_SHARE} of
 * {@code FERRY_WORKER_MAX_IN_FLIGHT} calls in flight beside the interactive ones. Closing it stops taking jobs, lets running ones finish (up to the drain timeout) and commits.
 */
public final class JobWorker implements AutoCloseable {

    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_POLL_RECORDS = 500;
    private static final int REMEMBERED_CANCELS = 100_000;
    private static final Duration CANCEL_LOOK_BACK_MARGIN = Duration.ofMinutes(5);

    private static final int BATCH_FETCH_BYTES = 1024 * 1024;

    private final JobIntake intake;
    private final JobIntake batchIntake;
    private final JobControlListener controls;
    private final KafkaProducer<String, byte[]> producer;
    private final ScheduledExecutorService scheduler;
    private final Thread intakeThread;
    private final Thread batchIntakeThread;
    private final Thread controlThread;
    private final List<KafkaClientMetrics> clientMetrics;

    private JobWorker(
            JobIntake intake,
            JobIntake batchIntake,
            JobControlListener controls,
            KafkaProducer<String, byte[]> producer,
            ScheduledExecutorService scheduler,
            List<KafkaClientMetrics> clientMetrics) {
        this.intake = intake;
        this.batchIntake = batchIntake;
        this.controls = controls;
        this.producer = producer;
        this.scheduler = scheduler;
        this.clientMetrics = clientMetrics;
        this.intakeThread = new Thread(intake, "ferry-worker-intake");
        this.batchIntakeThread = new Thread(batchIntake, "ferry-worker-batch-intake");
        this.controlThread = new Thread(controls, "ferry-worker-cancels");
    }

    public static JobWorker create(
            WorkerSettings settings,
            BatchSettings batch,
            KafkaSettings kafka,
            String bootstrapServers,
            FerryTopics topics,
            EventTopics events,
            ProviderRouter router,
            Clock clock,
            MeterRegistry registry,
            JobMetrics metrics) {
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties(bootstrapServers, kafka),
                new StringSerializer(), new ByteArraySerializer());
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ferry-worker-retries");
            thread.setDaemon(true);
            return thread;
        });
        CancelledJobs cancelled = new CancelledJobs(REMEMBERED_CANCELS);
        RetryPolicy retries = new RetryPolicy(settings.maxAttempts(), settings.retryBaseDelay(),
                settings.retryMaxDelay(), () -> ThreadLocalRandom.current().nextDouble());
        JobRunner runner = new JobRunner(router, new JobEventPublisher(producer, topics, events, scheduler), settings.providerTimeout(),
                retries, settings.jobDeadline(), clock, scheduler, cancelled, metrics);
        KafkaConsumer<String, JobControl> controlConsumer = new KafkaConsumer<>(
                controlConsumerProperties(bootstrapServers), topics.jobControl().keySerde().deserializer(),
                topics.jobControl().valueSerde().deserializer());
        JobControlListener controls = new JobControlListener(controlConsumer, topics.jobControl().name(), cancelled,
                settings.providerTimeout().plus(CANCEL_LOOK_BACK_MARGIN), clock);
        int maxPollRecords = Math.min(MAX_POLL_RECORDS, Math.max(1, settings.maxInFlight() / 2));
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                consumerProperties(bootstrapServers, settings.groupId(), "ferry-worker-jobs",
                        kafka.maxMessageBytes(), maxPollRecords),
                new StringDeserializer(), new ByteArrayDeserializer());
        JobIntake intake = new JobIntake(consumer, List.of(new JobIntake.Lane(topics.jobs().name(),
                settings.maxInFlight())), topics.jobsFormat(), runner, settings.maxInFlight(), maxPollRecords,
                settings.commitInterval(), DRAIN_TIMEOUT, new ConsumerLagGauges(registry, "interactive"));
        int batchLaneCap = (int) Math.max(1, Math.round(settings.maxInFlight() * batch.laneShare()));
        int batchPollRecords = Math.min(MAX_POLL_RECORDS, Math.max(1, batchLaneCap / 2));
        KafkaConsumer<String, byte[]> batchConsumer = new KafkaConsumer<>(
                consumerProperties(bootstrapServers, settings.groupId() + "-batch", "ferry-worker-batch",
                        BATCH_FETCH_BYTES, batchPollRecords),
                new StringDeserializer(), new ByteArrayDeserializer());
        JobIntake batchIntake = new JobIntake(batchConsumer, List.of(new JobIntake.Lane(topics.batchJobs().name(),
                batchLaneCap)), topics.jobsFormat(), runner, batchLaneCap, batchPollRecords,
                settings.commitInterval(), DRAIN_TIMEOUT, new ConsumerLagGauges(registry, "batch"));
        Gauge.builder("ferry.worker.calls.in.flight", () -> intake.inFlight() + batchIntake.inFlight())
                .description("Jobs this worker has taken and not finished (provider calls, retries waiting), both lanes")
                .register(registry);
        Gauge.builder("ferry.worker.calls.in.flight.max", settings, WorkerSettings::maxInFlight)
                .description("The most jobs this worker keeps in flight before it pauses its partitions")
                .register(registry);
        List<KafkaClientMetrics> clientMetrics = List.of(new KafkaClientMetrics(consumer),
                new KafkaClientMetrics(batchConsumer), new KafkaClientMetrics(producer));
        clientMetrics.forEach(binder -> binder.bindTo(registry));
        return new JobWorker(intake, batchIntake, controls, producer, scheduler, clientMetrics);
    }

    private static Properties producerProperties(String bootstrapServers, KafkaSettings kafka) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, kafka.maxMessageBytes());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "ferry-worker");
        return props;
    }

    private static Properties consumerProperties(
            String bootstrapServers, String groupId, String clientId, int maxPartitionFetchBytes, int maxPollRecords) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, maxPartitionFetchBytes);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        // a rebalance moves only the partitions that change owner, so other workers' calls in flight stay theirs
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        // a worker that died gives its partitions up after 10 s rather than Kafka's default 45 s
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        return props;
    }

    private static Properties controlConsumerProperties(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "ferry-worker-cancels");
        return props;
    }

    public JobWorker start() {
        controlThread.start();
        intakeThread.start();
        batchIntakeThread.start();
        return this;
    }

    /** True while the worker's consumer loop runs: what its readiness check asks. */
    public boolean isRunning() {
        return intakeThread.isAlive();
    }

    /** Jobs this worker has taken and not yet finished. */
    public int inFlight() {
        return intake.inFlight() + batchIntake.inFlight();
    }

    @Override
    public void close() {
        intake.stop();
        batchIntake.stop();
        try {
            intakeThread.join(DRAIN_TIMEOUT.plusSeconds(15).toMillis());
            batchIntakeThread.join(DRAIN_TIMEOUT.plusSeconds(15).toMillis());
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
