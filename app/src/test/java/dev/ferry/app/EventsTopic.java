package dev.ferry.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.embeddedkafka.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads Ferry's topics the way an event-driven integration would: a plain consumer from the beginning. */
final class EventsTopic {

    private EventsTopic() {
    }

    /** The {@code job-events} of one job, in order, as JSON. */
    static List<JsonNode> read(RunningFerry ferry, String jobId) {
        String bootstrap = ferry.environment().get("KAFKA_BOOTSTRAP_SERVERS");
        List<JsonNode> events = new ArrayList<>();
        for (ConsumerRecord<String, String> record : readAll(bootstrap, ferry.environment().get("FERRY_JOB_EVENTS_TOPIC"))) {
            if (record.key().equals(jobId)) {
                try {
                    events.add(RunningFerry.JSON.readTree(record.value()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return events;
    }

    static List<ConsumerRecord<String, String>> readAll(EmbeddedKafkaBroker kafka, String topic) {
        return readAll(kafka.bootstrapServers(), topic);
    }

    /** Every record of {@code topic}, read until three polls in a row come back empty. */
    static List<ConsumerRecord<String, String>> readAll(String bootstrapServers, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            int emptyPolls = 0;
            while (System.nanoTime() < deadline && (records.isEmpty() || emptyPolls < 3)) {
                var batch = consumer.poll(Duration.ofMillis(300));
                batch.forEach(records::add);
                emptyPolls = batch.isEmpty() ? emptyPolls + 1 : 0;
            }
        }
        return records;
    }
}
