package dev.ferry.statestore.query;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import dev.ferry.core.error.FerryException;

/**
 * What the {@code jobs} topic holds: which partition a job id lands in (the producer's default partitioner), how far
 * each partition's log reaches, and how far the store's consumer group has committed.
 */
final class JobsTopicOffsets {

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(5);

    private final Admin admin;
    private final String jobsTopic;
    private final String storeGroupId;
    private final int partitions;

    JobsTopicOffsets(Admin admin, String jobsTopic, String storeGroupId, int partitions) {
        this.admin = admin;
        this.jobsTopic = jobsTopic;
        this.storeGroupId = storeGroupId;
        this.partitions = partitions;
    }

    int partitions() {
        return partitions;
    }

    int partitionFor(String jobId) {
        return Utils.toPositive(Utils.murmur2(jobId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** The offset the next record of {@code partition} will get. */
    long endOffset(int partition) {
        TopicPartition tp = new TopicPartition(jobsTopic, partition);
        return await(admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp)).offset();
    }

    /** The store's committed position in {@code partition}, or -1 if it never committed there. */
    long committed(int partition) {
        TopicPartition tp = new TopicPartition(jobsTopic, partition);
        Map<TopicPartition, OffsetAndMetadata> offsets =
                await(admin.listConsumerGroupOffsets(storeGroupId).partitionsToOffsetAndMetadata());
        OffsetAndMetadata committed = offsets.get(tp);
        return committed == null ? -1 : committed.offset();
    }

    private static <T> T await(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable();
        } catch (ExecutionException | TimeoutException e) {
            throw unavailable();
        }
    }

    private static FerryException.StoreUnavailable unavailable() {
        return new FerryException.StoreUnavailable("the job store cannot reach Kafka", Duration.ofSeconds(1));
    }
}
