package dev.ferry.ingress.streams;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.core.job.JobStreamEvent;
import dev.ferry.embeddedkafka.EmbeddedKafkaBroker;
import dev.ferry.testsupport.KafkaBrokerExtension;
import dev.ferry.testsupport.TestTopics;
import dev.ferry.testsupport.UniqueNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The hub against a real broker: fan-out from one consumer, a slow client set aside without holding back others. */
@ExtendWith(KafkaBrokerExtension.class)
class JobStreamHubIT {

    private static final int EVENTS = 300;

    private String topic;
    private KafkaProducer<String, byte[]> producer;
    private JobStreamHub hub;
    private Admin admin;

    /** Records what it is given; refuses while {@code refusing} is set, as a client that is behind does. */
    private static final class RecordingSink implements JobStreamSink {
        final List<Long> sequences = new CopyOnWriteArrayList<>();
        final AtomicBoolean refusing = new AtomicBoolean();
        final AtomicBoolean caughtUp = new AtomicBoolean();
        volatile int refusals;
        private final int refuseAfter;

        RecordingSink(int refuseAfter) {
            this.refuseAfter = refuseAfter;
        }

        @Override
        public boolean offer(JobStreamEvent event) {
            if (sequences.size() >= refuseAfter && refusing.get()) {
                refusals++;
                return false;
            }
            sequences.add(event.sequence());
            return true;
        }

        @Override
        public void caughtUp() {
            caughtUp.set(true);
        }

        @Override
        public void failed(Throwable cause) {
        }
    }

    @BeforeEach
    void start(EmbeddedKafkaBroker broker) {
        topic = UniqueNames.topic("job-streams");
        TestTopics.create(broker.bootstrapServers(), 3, topic);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
        hub = new JobStreamHub(new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer()), new KafkaJobStreamLocator(admin, topic)).start();
    }

    @AfterEach
    void stop() {
        hub.close();
        admin.close();
        producer.close();
    }

    private void write(String jobId, long sequence, String type) {
        JobStreamEvent event = new JobStreamEvent(jobId, type, sequence,
                ("{\"sequence_number\":" + sequence + "}").getBytes(StandardCharsets.UTF_8));
        producer.send(new ProducerRecord<>(topic, null, System.currentTimeMillis(), jobId, event.data(),
                event.headers()));
    }

    private void writeStream(String jobId) {
        for (long i = 0; i < EVENTS - 1; i++) {
            write(jobId, i, "response.output_text.delta");
        }
        write(jobId, EVENTS - 1, "response.completed");
        producer.flush();
    }

    private static List<Long> upTo(long count) {
        return LongStream.range(0, count).boxed().toList();
    }

    @Test
    void shouldKeepDeliveringToOthersWhileASlowClientIsSetAsideAndResumeItWhereItStopped() {
        long since = System.currentTimeMillis() - 1000;
        RecordingSink slow = new RecordingSink(10);
        slow.refusing.set(true);
        RecordingSink fast = new RecordingSink(Integer.MAX_VALUE);
        JobStreamHub.Subscription slowSubscription = hub.subscribe("job-a", since, -1, slow);
        hub.subscribe("job-a", since, -1, fast);

        writeStream("job-a");

        await().atMost(Duration.ofSeconds(20)).until(() -> fast.sequences.size() == EVENTS);
        assertEquals(upTo(EVENTS), fast.sequences);
        assertEquals(upTo(10), slow.sequences);
        assertEquals(1, slow.refusals);

        slow.refusing.set(false);
        slowSubscription.resume();
        await().atMost(Duration.ofSeconds(20)).until(() -> slow.sequences.size() == EVENTS);
        assertEquals(upTo(EVENTS), slow.sequences);
    }

    @Test
    void shouldDeliverOnlyItsOwnJobsEventsAfterStartingAfter() {
        long since = System.currentTimeMillis() - 1000;
        writeStream("job-b");
        writeStream("job-c");
        RecordingSink resumed = new RecordingSink(Integer.MAX_VALUE);
        RecordingSink other = new RecordingSink(Integer.MAX_VALUE);

        hub.subscribe("job-b", since, 249, resumed);
        hub.subscribe("job-c", since, -1, other);

        await().atMost(Duration.ofSeconds(20)).until(() -> resumed.sequences.size() == 50 && other.sequences.size() == EVENTS);
        assertEquals(LongStream.range(250, EVENTS).boxed().toList(), resumed.sequences);
        assertEquals(upTo(EVENTS), other.sequences);
    }

    @Test
    void shouldStartWhereTheJobsStreamStartsAndSayWhenItHasReadWhatThereWas() throws Exception {
        writeStream("job-d");
        Thread.sleep(20); // the only way to put a record's timestamp after another's; not a wait for an outcome
        long since = System.currentTimeMillis();
        RecordingSink late = new RecordingSink(Integer.MAX_VALUE);

        hub.subscribe("job-d", since, -1, late);

        await().atMost(Duration.ofSeconds(20)).until(late.caughtUp::get);
        assertTrue(late.sequences.isEmpty(), late.sequences.toString());
    }

    @Test
    void shouldReadAStreamFromItsFirstEventWhenItStartsWhileTheSubscriptionIsLocated() {
        List<RecordingSink> sinks = new java.util.ArrayList<>();
        for (int job = 0; job < 40; job++) {
            RecordingSink sink = new RecordingSink(Integer.MAX_VALUE);
            sinks.add(sink);
            String jobId = "racing-" + job;
            hub.subscribe(jobId, System.currentTimeMillis() - 5000, -1, sink);
            write(jobId, 0, "response.created");
            write(jobId, 1, "response.completed");
            producer.flush();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> sinks.stream().allMatch(sink -> sink.sequences.size() == 2));
        sinks.forEach(sink -> assertEquals(upTo(2), sink.sequences));
    }
}
