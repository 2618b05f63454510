package dev.ferry.app;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.embeddedkafka.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
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

    /**
     * Every record {@code topic} held when this was called: its end offsets are taken first and each partition is read
     * from the beginning up to them, no further. A caller that needs a record first waits for something that can only
     * follow it (the job's terminal state, say); no wait for "nothing more arrives" is involved.
     */
    static List<ConsumerRecord<String, String>> readAll(String bootstrapServers, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            await("the end of " + topic).atMost(Duration.ofSeconds(30)).pollInSameThread()
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                    .until(() -> {
                        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                            if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                                records.add(record);
                            }
                        }
                        return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
                    });
        }
        return records;
    }
}
