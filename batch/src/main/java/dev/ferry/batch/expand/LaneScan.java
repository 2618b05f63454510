package dev.ferry.batch.expand;

import dev.ferry.core.batch.BatchIds;
import dev.ferry.core.kafka.KafkaClientProperties;
import dev.ferry.core.topic.KeyPartitions;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Finds the lines of a batch that reached the batch lane after the expander's last cursor: reads the batch's lane
 * partition from the cursor's offset to its end and counts, in order, the records whose keys are the batch's next
 * line job ids. Lines are written in order by one producer, so they are exactly the lines after the cursor.
 */
final class LaneScan {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final long TIMEOUT_MS = 60_000;

    private final KafkaClientProperties kafka;
    private final String laneTopic;
    private final int partitions;

    LaneScan(KafkaClientProperties kafka, String laneTopic, int partitions) {
        this.kafka = kafka;
        this.laneTopic = laneTopic;
        this.partitions = partitions;
    }

    /** The offset the next record of the batch's lane partition will get. */
    long endOffset(String batchId) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            TopicPartition partition = partitionOf(batchId);
            return consumer.endOffsets(List.of(partition)).get(partition);
        }
    }

    /** The cursor moved past every line found on the lane after it. */
    ExpansionCursor recover(ExpansionCursor cursor) {
        TopicPartition partition = partitionOf(cursor.batchId());
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.assign(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            consumer.seek(partition, cursor.scanFrom());
            int written = cursor.linesWritten();
            String expected = BatchIds.lineJobId(cursor.batchId(), written, partitions);
            long deadline = System.nanoTime() + TIMEOUT_MS * 1_000_000;
            while (consumer.position(partition) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the batch lane could not be read to its end in time");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    if (record.offset() < end && expected.equals(record.key())) {
                        written++;
                        expected = BatchIds.lineJobId(cursor.batchId(), written, partitions);
                    }
                }
            }
            return new ExpansionCursor(cursor.batchId(), written, end);
        }
    }

    private TopicPartition partitionOf(String batchId) {
        return new TopicPartition(laneTopic, KeyPartitions.partitionFor(batchId, partitions));
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Properties props = kafka.consumer("ferry-batch-lane-scan");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

}
