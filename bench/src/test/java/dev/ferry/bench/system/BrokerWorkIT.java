package dev.ferry.bench.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.embeddedkafka.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The broker's counters, read over JMX in its own JVM, count exactly the records a client wrote. */
class BrokerWorkIT {

    @Test
    @Timeout(120)
    void shouldCountTheRecordsAndRequestsOfAProducerByTopic(@TempDir Path dir) throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, 0)) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("counted", 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            BrokerWork work = new BrokerWork();
            BrokerWork.Reading before = work.read();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 120; i++) {
                    producer.send(new ProducerRecord<>("counted", "key-" + i, "a value of some bytes")).get();
                }
            }
            BrokerWork.Reading done = work.read().since(before);

            assertEquals(120, done.recordsByTopic().get("counted"), done.toString());
            assertTrue(done.records() >= 120, done.toString());
            assertTrue(done.produceRequests() >= 120, "each record was sent and awaited alone: " + done);
            assertTrue(done.bytesIn() > 120 * "a value of some bytes".length(), done.toString());
            BrokerWork.PerJob perJob = done.perJob(60);
            assertEquals(2.0, perJob.recordsByTopic().get("counted"), 1e-9);
        }
    }
}
