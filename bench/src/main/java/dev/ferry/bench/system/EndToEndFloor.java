package dev.ferry.bench.system;

import dev.ferry.bench.http.BufferedPost;
import dev.ferry.bench.target.KafkaProduceTarget;
import dev.ferry.embeddedkafka.EmbeddedKafkaBroker;
import dev.ferry.providers.ProviderHttpClient;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The floor under an async job end to end: the least any design costs here that takes a job over HTTP, queues it on
 * Kafka, calls the provider over HTTP and reports the answer on Kafka, with a Kafka Streams store keeping both the job
 * and its answer. The same HTTP request as a Ferry submit is answered with a job id once its record is acknowledged;
 * a bare consumer sends each record's value unread to the mock with Ferry's provider client and writes
 * {@code {"type":"completed","response":<the answer>}} to an events topic that the bench's {@link JobEventsWatcher}
 * reads; {@link StoreFoldFloor} puts the records of both topics into a store. No job rules, no validation, no
 * envelope, no retries, no offsets committed by hand: every step is one Ferry cannot do without, done the cheapest way.
 */
public final class EndToEndFloor implements AutoCloseable {

    private static final int MAX_IN_FLIGHT = 1_000;
    private static final Duration POLL = Duration.ofMillis(50);
    private static final byte[] EVENT_HEAD = "{\"type\":\"completed\",\"response\":".getBytes(StandardCharsets.UTF_8);

    private final String eventsTopic;
    private final KafkaProducer<String, byte[]> producer;
    private final ProviderHttpClient client;
    private final StoreFoldFloor fold;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread worker;
    private final SubmitFloorServer front;
    private volatile boolean stopping;

    private EndToEndFloor(String bootstrapServers, String jobsTopic, String eventsTopic, URI mockResponses,
            Path stateDir) throws InterruptedException {
        this.eventsTopic = eventsTopic;
        this.producer = new KafkaProducer<>(KafkaProduceTarget.producerProperties(bootstrapServers, "bench-floor",
                EmbeddedKafkaBroker.MAX_MESSAGE_BYTES), new StringSerializer(), new ByteArraySerializer());
        this.client = ProviderHttpClient.start();
        this.fold = StoreFoldFloor.start(bootstrapServers, List.of(jobsTopic, eventsTopic), stateDir);
        this.consumer = consumer(bootstrapServers);
        consumer.subscribe(List.of(jobsTopic));
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        this.worker = new Thread(() -> work(mockResponses, inFlight), "bench-floor-worker");
        worker.setDaemon(true);
        worker.start();
        this.front = SubmitFloorServer.start(bootstrapServers, jobsTopic, EmbeddedKafkaBroker.MAX_MESSAGE_BYTES);
    }

    /**
     * Creates its two topics with {@code partitions} each, starts the store, the worker and the HTTP front.
     *
     * @param mockResponses the mock provider's {@code /v1/responses}
     */
    public static EndToEndFloor start(String bootstrapServers, int partitions, URI mockResponses, Path stateDir)
            throws Exception {
        String suffix = Long.toString(System.nanoTime());
        String jobsTopic = "bench-floor-jobs-" + suffix;
        String eventsTopic = "bench-floor-events-" + suffix;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(jobsTopic, partitions, (short) 1),
                    new NewTopic(eventsTopic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        return new EndToEndFloor(bootstrapServers, jobsTopic, eventsTopic, mockResponses, stateDir);
    }

    public int port() {
        return front.port();
    }

    /** Where each job's {@code completed} event goes. */
    public String eventsTopic() {
        return eventsTopic;
    }

    private void work(URI mockResponses, Semaphore inFlight) {
        try {
            while (!stopping) {
                for (ConsumerRecord<String, byte[]> job : consumer.poll(POLL)) {
                    inFlight.acquire();
                    call(mockResponses, job, inFlight);
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void call(URI mockResponses, ConsumerRecord<String, byte[]> job, Semaphore inFlight) {
        BufferedPost.send(client, mockResponses, job.value()).whenComplete((answer, failure) -> {
            inFlight.release();
            if (failure == null && answer.status() == 200) {
                producer.send(new ProducerRecord<>(eventsTopic, job.key(), event(answer.body())));
            }
        });
    }

    private static byte[] event(byte[] response) {
        ByteArrayOutputStream event = new ByteArrayOutputStream(EVENT_HEAD.length + response.length + 1);
        event.writeBytes(EVENT_HEAD);
        event.writeBytes(response);
        event.write('}');
        return event.toByteArray();
    }

    private static KafkaConsumer<String, byte[]> consumer(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-floor-worker-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "bench-floor-worker");
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public void close() throws Exception {
        front.close();
        stopping = true;
        consumer.wakeup();
        worker.join(TimeUnit.SECONDS.toMillis(10));
        client.close();
        fold.close();
        producer.close(Duration.ofSeconds(10));
    }
}
