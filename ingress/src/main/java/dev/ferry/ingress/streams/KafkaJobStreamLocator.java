package dev.ferry.ingress.streams;

import dev.ferry.core.topic.KeyPartitions;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * Finds where a job's stream starts without holding the relay's thread: the job's partition (the producer's own
 * choice for its key), the first offset at or after a time (Kafka's time index), and the partition's end, asked of
 * the brokers asynchronously with the admin client.
 */
public final class KafkaJobStreamLocator implements JobStreamLocator {

    private final Admin admin;
    private final String topic;
    private volatile int partitions;

    public KafkaJobStreamLocator(Admin admin, String topic) {
        this.admin = Objects.requireNonNull(admin, "admin");
        this.topic = Objects.requireNonNull(topic, "topic");
    }

    @Override
    public CompletableFuture<Position> locate(String jobId, long fromTimestampMs) {
        return partitions().thenCompose(count -> {
            TopicPartition partition = new TopicPartition(topic, KeyPartitions.partitionFor(jobId, count));
            // The end first: when no record is at or after the time yet, every one that will be comes after it.
            // Asked the other way round (or at once), a record appended in between would be skipped.
            return offset(partition, OffsetSpec.latest()).thenCompose(end -> offset(partition,
                    OffsetSpec.forTimestamp(fromTimestampMs))
                    .thenApply(first -> new Position(partition, first < 0 ? end : first, end)));
        });
    }

    private CompletableFuture<Integer> partitions() {
        int known = partitions;
        if (known > 0) {
            return CompletableFuture.completedFuture(known);
        }
        return future(admin.describeTopics(List.of(topic)).allTopicNames()).thenApply(topics -> {
            partitions = topics.get(topic).partitions().size();
            return partitions;
        });
    }

    /** The offset a spec names; -1 when no record is at or after the timestamp. */
    private CompletableFuture<Long> offset(TopicPartition partition, OffsetSpec spec) {
        ListOffsetsResult result = admin.listOffsets(Map.of(partition, spec));
        return future(result.partitionResult(partition)).thenApply(ListOffsetsResult.ListOffsetsResultInfo::offset);
    }

    private static <T> CompletableFuture<T> future(KafkaFuture<T> future) {
        return future.toCompletionStage().toCompletableFuture();
    }
}
