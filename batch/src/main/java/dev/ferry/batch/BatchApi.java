package dev.ferry.batch;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.batch.expand.BatchExpander;
import dev.ferry.batch.expand.BatchInput;
import dev.ferry.batch.expand.LineValidator;
import dev.ferry.batch.http.BatchRoutes;
import dev.ferry.core.batch.BatchLookup;
import dev.ferry.core.config.BatchSettings;
import dev.ferry.core.config.HttpSettings;
import dev.ferry.core.kafka.KafkaClientProperties;
import dev.ferry.core.topic.FerryTopics;
import dev.ferry.ingress.http.RouteExtension;
import dev.ferry.ingress.http.RouteTools;
import dev.ferry.ingress.jobs.JobControls;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Batches and files in a gateway: the Files and Batch routes (served by ingress's listener as a
 * {@link RouteExtension}), the expander that validates batches and writes their line jobs, and the expirer of batches
 * past their window. Closing it stops the expander (a batch half expanded is taken over from its cursor) and closes
 * the producer.
 */
public final class BatchApi implements RouteExtension, AutoCloseable {

    private static final int TRANSFER_THREADS = 4;
    private static final int TRANSFER_QUEUE = 16;
    private static final Duration EXPIRY_CHECK = Duration.ofSeconds(5);

    private final BatchRoutes routes;
    private final KafkaProducer<String, byte[]> producer;
    private final BatchExpander expander;
    private final BatchExpirer expirer;
    private final ThreadPoolExecutor transfers;
    private final ScheduledExecutorService scheduler;
    private final CountDownLatch toolsLent;
    private final Thread expanderThread;

    private BatchApi(BatchRoutes routes, KafkaProducer<String, byte[]> producer, BatchExpander expander,
            BatchExpirer expirer, ThreadPoolExecutor transfers, CountDownLatch toolsLent) {
        this.routes = routes;
        this.producer = producer;
        this.expander = expander;
        this.expirer = expirer;
        this.transfers = transfers;
        this.toolsLent = toolsLent;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> daemon(runnable, "ferry-batch-expiry"));
        this.expanderThread = new Thread(expander, "ferry-batch-expander");
    }

    /**
     * @param lookup reads batches and files wherever they live; {@code localLookup} from this instance only
     * @param controls ingress's writer of {@code job-control}, where batch cancels go
     * @param payloads the payload mapper (request limits); {@code mapper} Ferry's records
     * @param partitions the partition count of {@code jobs}, which the batch topics share
     * @param http ingress's settings: the largest request body (bounds a line) and the slowest acceptable sender
     */
    public static BatchApi create(BatchSettings settings, KafkaClientProperties kafka, HttpSettings http,
            FerryTopics topics, BatchLookup lookup, BatchLookup localLookup,
            JobControls controls, ObjectMapper mapper, ObjectMapper payloads, int partitions, Clock clock) {
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties(kafka),
                new StringSerializer(), new ByteArraySerializer());
        BatchWriter writer = new BatchWriter(producer, topics);
        ThreadPoolExecutor transfers = new ThreadPoolExecutor(TRANSFER_THREADS, TRANSFER_THREADS, 60,
                TimeUnit.SECONDS, new ArrayBlockingQueue<>(TRANSFER_QUEUE),
                runnable -> daemon(runnable, "ferry-file-transfer"));
        int filesPartitions = producer.partitionsFor(settings.filesTopic()).size();
        BatchRoutes routes = new BatchRoutes(settings, kafka, filesPartitions, writer, lookup, localLookup,
                controls, mapper, payloads, partitions, transfers, clock, http.minRequestDataRate());
        AtomicReference<RouteTools> tools = new AtomicReference<>();
        CountDownLatch toolsLent = new CountDownLatch(1);
        routes.onRegistered(lent -> {
            tools.set(lent);
            toolsLent.countDown();
        });
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(expanderProperties(kafka, settings),
                new StringDeserializer(), new ByteArrayDeserializer());
        int maxLineBytes = (int) Math.min(Integer.MAX_VALUE - 8, http.maxBodyBytes() + 64 * 1024);
        BatchExpander expander = new BatchExpander(consumer, topics.batches().name(),
                topics.batches().valueSerde().deserializer(), writer, lookup,
                BatchInput.fromKafka(kafka, settings.filesTopic(), settings.chunkBytes(), maxLineBytes),
                endpoint -> new LineValidator(payloads, body -> tools.get().parseResponsesRequest(body), endpoint),
                kafka, topics.batchJobs().name(), partitions, settings.maxRequests(),
                settings.lineResultTtl(), clock, Pause.sleeping());
        return new BatchApi(routes, producer, expander, new BatchExpirer(localLookup, writer, controls, clock),
                transfers, toolsLent);
    }

    @Override
    public void register(io.javalin.config.RoutesConfig config, RouteTools tools) {
        routes.register(config, tools);
    }

    /** Ingress serves the batch routes: the expander and the expirer may start. */
    @Override
    public void serving() {
        start();
    }

    /** Starts the expander and the expirer; call once ingress's routes are registered. */
    public BatchApi start() {
        if (toolsLent.getCount() > 0) {
            throw new IllegalStateException("the batch routes must be registered with ingress before starting");
        }
        expanderThread.start();
        scheduler.scheduleWithFixedDelay(expirer, EXPIRY_CHECK.toMillis(), EXPIRY_CHECK.toMillis(),
                TimeUnit.MILLISECONDS);
        return this;
    }

    /** Lines go out in large batches: a batch's writes are many, and nobody waits for one alone. */
    private static Properties producerProperties(KafkaClientProperties kafka) {
        Properties props = kafka.answeringProducer("ferry-batch");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        return props;
    }

    private static Properties expanderProperties(KafkaClientProperties kafka, BatchSettings settings) {
        Properties props = kafka.groupConsumer(settings.expanderGroupId(), "ferry-batch-expander");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50);
        // expanding a batch of 50,000 lines happens between two polls
        props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 5 * 60 * 1000);
        return props;
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public void close() {
        expander.stop();
        scheduler.shutdownNow();
        try {
            expanderThread.join(Duration.ofSeconds(15).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        transfers.shutdownNow();
        producer.close(Duration.ofSeconds(10));
    }
}
