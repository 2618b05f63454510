package dev.ferry.statestore.query;

import dev.ferry.core.error.FerryException;
import dev.ferry.core.topic.KeyPartitions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * What a topic read by the store holds, asked of Kafka without blocking: how far each partition's log reaches, and
 * how far the store's consumer group has committed. (Batch reads still compute a key's partition here.)
 */
final class JobsTopicOffsets implements ReadYourWrites.Positions {

    private static final int ADMIN_TIMEOUT_MS = (int) Duration.ofSeconds(5).toMillis();

    private final Admin admin;
    private final String topic;
    private final String storeGroupId;
    private final int partitions;

    JobsTopicOffsets(Admin admin, String topic, String storeGroupId, int partitions) {
        this.admin = admin;
        this.topic = topic;
        this.storeGroupId = storeGroupId;
        this.partitions = partitions;
    }

    int partitions() {
        return partitions;
    }

    int partitionFor(String key) {
        return KeyPartitions.partitionFor(key, partitions);
    }

    @Override
    public CompletableFuture<Long> endOffset(int partition) {
        TopicPartition tp = new TopicPartition(topic, partition);
        return completable(admin.listOffsets(Map.of(tp, OffsetSpec.latest()),
                new ListOffsetsOptions().timeoutMs(ADMIN_TIMEOUT_MS)).partitionResult(tp))
                .thenApply(result -> result.offset());
    }

    @Override
    public CompletableFuture<Long> committed(int partition) {
        TopicPartition tp = new TopicPartition(topic, partition);
        return completable(admin.listConsumerGroupOffsets(storeGroupId,
                new ListConsumerGroupOffsetsOptions().timeoutMs(ADMIN_TIMEOUT_MS)).partitionsToOffsetAndMetadata())
                .thenApply(offsets -> {
                    OffsetAndMetadata committed = offsets.get(tp);
                    return committed == null ? -1L : committed.offset();
                });
    }

    private static <T> CompletableFuture<T> completable(KafkaFuture<T> future) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        future.whenComplete((value, error) -> {
            if (error == null) {
                answer.complete(value);
            } else {
                answer.completeExceptionally(
                        new FerryException.StoreUnavailable("the job store cannot reach Kafka", Duration.ofSeconds(1)));
            }
        });
        return answer;
    }
}
