package dev.ferry.ingress.ops;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far the workers' consumer group is behind on {@code jobs}, per partition: the log end offset minus the group's
 * committed offset (or minus the log start, for a partition the group never committed). Asked of the brokers, so it
 * is the whole cluster's lag whichever gateway shows it; worked out at most once every two seconds.
 */
public final class ConsumerLag {

    private static final Logger log = LoggerFactory.getLogger(ConsumerLag.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    /** One partition's lag; {@code committed} is -1 where the group has committed nothing. */
    public record PartitionLag(int partition, long committed, long end, long lag) {
    }

    private final Admin admin;
    private final String groupId;
    private final String topic;
    private final Cached<List<PartitionLag>> cached;

    public ConsumerLag(Admin admin, String groupId, String topic, Clock clock) {
        this.admin = admin;
        this.groupId = groupId;
        this.topic = topic;
        this.cached = new Cached<>(this::ask, Duration.ofSeconds(2), clock);
    }

    /** Every partition's lag, or none when the brokers did not answer in time. */
    public List<PartitionLag> now() {
        return cached.get();
    }

    private List<PartitionLag> ask() {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (TopicPartitionInfo info : admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic).partitions()) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = offsets(partitions, OffsetSpec.latest());
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts =
                    offsets(partitions, OffsetSpec.earliest());
            List<PartitionLag> lags = new ArrayList<>();
            for (TopicPartition partition : partitions) {
                long end = ends.get(partition).offset();
                OffsetAndMetadata done = committed.get(partition);
                long from = done == null ? starts.get(partition).offset() : done.offset();
                lags.add(new PartitionLag(partition.partition(), done == null ? -1 : done.offset(), end,
                        Math.max(0, end - from)));
            }
            lags.sort(Comparator.comparingInt(PartitionLag::partition));
            return lags;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.warn("The workers' consumer lag could not be read: topic={} group={} error={}.", topic, groupId,
                    e.toString());
            return List.of();
        }
    }

    private Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets(
            List<TopicPartition> partitions, OffsetSpec spec)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(partition -> request.put(partition, spec));
        return admin.listOffsets(request).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
