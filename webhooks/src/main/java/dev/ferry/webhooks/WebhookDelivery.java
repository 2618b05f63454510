package dev.ferry.webhooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.core.config.WebhookSettings;
import dev.ferry.core.kafka.KafkaClientProperties;
import dev.ferry.core.serde.JsonSerde;
import dev.ferry.core.topic.Topic;
import dev.ferry.events.EventTopics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhooks role: a consumer group of its own reads the terminal events of {@code job-events} and
 * {@code batch-events} and makes the first attempt of each webhook; a second one reads the delay topics and makes
 * the retries. Workers never wait for any of it. Closing stops both loops, lets open attempts finish (up to 10 s) and
 * commits what is settled.
 */
public final class WebhookDelivery implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebhookDelivery.class);
    private static final int MAX_RECORDS_IN_FLIGHT = 10_000;
    private static final int HTTP_THREADS = 4;

    private final DeliveryLoop events;
    private final DeliveryLoop retries;
    private final KafkaProducer<String, byte[]> producer;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService httpThreads;
    private final Thread eventsThread;
    private final Thread retriesThread;
    private final List<KafkaClientMetrics> clientMetrics = new ArrayList<>();

    private WebhookDelivery(DeliveryLoop events, DeliveryLoop retries, KafkaProducer<String, byte[]> producer,
            ScheduledExecutorService scheduler, ExecutorService httpThreads) {
        this.events = events;
        this.retries = retries;
        this.producer = producer;
        this.scheduler = scheduler;
        this.httpThreads = httpThreads;
        this.eventsThread = new Thread(events, "ferry-webhooks-events");
        this.retriesThread = new Thread(retries, "ferry-webhooks-retries");
    }

    public static WebhookDelivery create(
            WebhookSettings settings,
            EventTopics topics,
            KafkaClientProperties kafka,
            ObjectMapper mapper,
            Clock clock,
            MeterRegistry registry) {
        RetryTiers tiers = new RetryTiers(settings.retryTopicPrefix());
        Topic<String, Delivery> retryFormat = new Topic<>(settings.retryTopicPrefix(), Serdes.String(), new JsonSerde<>(mapper, Delivery.class));
        Topic<String, WebhookDeadLetter> deadLetters = new Topic<>(settings.deadLetterTopic(),
                Serdes.String(),
                new JsonSerde<>(mapper, WebhookDeadLetter.class));
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(daemon("ferry-webhooks-acks"));
        ExecutorService httpThreads = Executors.newFixedThreadPool(HTTP_THREADS, daemon("ferry-webhooks-http"));
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(settings.attemptTimeout().compareTo(Duration.ofSeconds(5)) < 0
                        ? settings.attemptTimeout() : Duration.ofSeconds(5))
                .executor(httpThreads)
                .build();
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties(kafka),
                new StringSerializer(), new ByteArraySerializer());
        DeliveryWriter writer = new DeliveryWriter(producer, tiers, retryFormat, deadLetters, clock, scheduler);
        RetrySchedule schedule = new RetrySchedule(settings.retryBaseDelay(), settings.retryMaxDelay(),
                settings.giveUpAfter(), () -> ThreadLocalRandom.current().nextDouble());
        Deliverer deliverer = new Deliverer(settings,
                new EndpointClient(http, settings.attemptTimeout(), settings.maxInFlightPerEndpoint(), clock),
                schedule, writer, clock);
        KafkaConsumer<String, byte[]> eventsConsumer = consumer(kafka, settings.groupId(),
                "ferry-webhooks-events");
        KafkaConsumer<String, byte[]> retriesConsumer = consumer(kafka, settings.groupId() + "-retries",
                "ferry-webhooks-retries");
        DeliveryLoop events = new DeliveryLoop(
                eventsConsumer,
                List.of(topics.jobEvents().name(), topics.batchEvents().name()),
                new EventIntake(settings, new NoticeReader(topics), deliverer, mapper, clock), clock,
                MAX_RECORDS_IN_FLIGHT);
        DeliveryLoop retries = new DeliveryLoop(
                retriesConsumer,
                tiers.topics(), new RetryIntake(tiers, retryFormat, deliverer, writer, clock), clock,
                MAX_RECORDS_IN_FLIGHT);
        WebhookDelivery delivery = new WebhookDelivery(events, retries, producer, scheduler, httpThreads);
        Gauge.builder("ferry.webhook.deliveries.in.flight", delivery, WebhookDelivery::inFlight)
                .description("Webhook deliveries (first attempts and retries) under way in this process")
                .register(registry);
        for (KafkaClientMetrics binder : List.of(new KafkaClientMetrics(eventsConsumer),
                new KafkaClientMetrics(retriesConsumer), new KafkaClientMetrics(producer))) {
            binder.bindTo(registry);
            delivery.clientMetrics.add(binder);
        }
        return delivery;
    }

    /** The topics this role writes: the delay topics and the dead-letter topic, for the topic initializer. */
    public static List<String> topicsWritten(WebhookSettings settings) {
        List<String> topics = new ArrayList<>(new RetryTiers(settings.retryTopicPrefix()).topics());
        topics.add(settings.deadLetterTopic());
        return topics;
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static Properties producerProperties(KafkaClientProperties kafka) {
        Properties props = kafka.producer("ferry-webhooks");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        return props;
    }

    /** A new group starts at the beginning: events written before it joined are delivered, never skipped. */
    private static KafkaConsumer<String, byte[]> consumer(KafkaClientProperties kafka, String groupId, String clientId) {
        Properties props = kafka.groupConsumer(groupId, clientId);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    public WebhookDelivery start() {
        eventsThread.start();
        retriesThread.start();
        return this;
    }

    /** Deliveries (first attempts and retries) under way in this process. */
    public int inFlight() {
        return events.inFlight() + retries.inFlight();
    }

    @Override
    public void close() {
        events.stop();
        retries.stop();
        try {
            eventsThread.join(Duration.ofSeconds(20).toMillis());
            retriesThread.join(Duration.ofSeconds(20).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            producer.close(Duration.ofSeconds(10));
            scheduler.shutdownNow();
            httpThreads.shutdownNow();
            clientMetrics.forEach(KafkaClientMetrics::close);
            log.info("Webhook delivery stopped.");
        }
    }
}
