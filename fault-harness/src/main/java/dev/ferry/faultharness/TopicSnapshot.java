package dev.ferry.faultharness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Every record of a topic, read with a plain consumer from the beginning up to the end offsets of the moment it
 * starts (no group, no commits), in partition and offset order. Values are parsed as JSON.
 */
final class TopicSnapshot {

    /** One record; {@code value} is {@link NullNode} for a tombstone or a value that is not JSON. */
    record Entry(String key, int partition, long offset, JsonNode value) {
    }

    private TopicSnapshot() {
    }

    static List<Entry> read(String bootstrapServers, String topic, KafkaProbe probe, ObjectMapper mapper,
            Duration timeout) throws Exception {
        Map<TopicPartition, Long> ends = probe.endOffsets(topic);
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, KafkaNodeProcess.MAX_MESSAGE_BYTES);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "fault-harness-audit");
        List<Entry> entries = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(ends.keySet());
            consumer.seekToBeginning(ends.keySet());
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!caughtUp(consumer, ends)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within " + timeout);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
                        entries.add(new Entry(record.key(), record.partition(), record.offset(),
                                parse(mapper, record.value())));
                    }
                }
            }
        }
        entries.sort(Comparator.comparingInt(Entry::partition).thenComparingLong(Entry::offset));
        return entries;
    }

    private static boolean caughtUp(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode parse(ObjectMapper mapper, byte[] value) {
        if (value == null) {
            return NullNode.getInstance();
        }
        try {
            return mapper.readTree(value);
        } catch (IOException e) {
            return NullNode.getInstance();
        }
    }
}
