package dev.ferry.faultharness;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * Questions the harness asks the cluster through {@link Admin}. A question Kafka cannot answer right now (a node is
 * down, a leader is moving) gets the "not yet" answer instead of an exception, so callers can simply poll.
 */
final class KafkaProbe {

    private static final long TIMEOUT_SECONDS = 15;

    private final Admin admin;

    KafkaProbe(Admin admin) {
        this.admin = admin;
    }

    int brokerCount() {
        return ask(() -> admin.describeCluster().nodes().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).size()).orElse(0);
    }

    /** The node leading {@code topic}'s partition, if it has one. */
    Optional<Integer> leaderOf(String topic, int partition) {
        return describe(topic).flatMap(description -> description.partitions().stream()
                .filter(info -> info.partition() == partition)
                .map(TopicPartitionInfo::leader)
                .filter(leader -> leader != null && !leader.isEmpty())
                .map(Node::id)
                .findFirst());
    }

    /** True when every partition of every topic has all {@code replicas} replicas in sync. */
    boolean fullyReplicated(Collection<String> topics, int replicas) {
        for (String topic : topics) {
            Optional<TopicDescription> description = describe(topic);
            if (description.isEmpty() || description.get().partitions().stream()
                    .anyMatch(info -> info.isr().size() < replicas)) {
                return false;
            }
        }
        return true;
    }

    /** True when the consumer group is stable with {@code members} members, each owning at least one partition. */
    boolean groupStable(String group, int members) {
        return ask(() -> {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(group);
            return description.groupState() == GroupState.STABLE
                    && description.members().size() == members
                    && description.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty());
        }).orElse(false);
    }

    /** Records on {@code topic} the group has not committed past, summed over partitions; empty if unknown. */
    Optional<Long> lag(String group, String topic) {
        return ask(() -> {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<TopicPartition, Long> ends = endOffsets(topic);
            long lag = 0;
            for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                OffsetAndMetadata commit = committed.get(end.getKey());
                lag += end.getValue() - (commit == null ? 0 : commit.offset());
            }
            return lag;
        });
    }

    Map<TopicPartition, Long> endOffsets(String topic) throws ExecutionException, InterruptedException,
            TimeoutException {
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(topic);
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        description.partitions().forEach(info -> request.put(new TopicPartition(topic, info.partition()),
                OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> answer = admin.listOffsets(request).all()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<TopicPartition, Long> ends = new HashMap<>();
        answer.forEach((partition, info) -> ends.put(partition, info.offset()));
        return ends;
    }

    private Optional<TopicDescription> describe(String topic) {
        return ask(() -> admin.describeTopics(List.of(topic)).allTopicNames()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(topic));
    }

    private interface Question<T> {
        T ask() throws Exception;
    }

    private static <T> Optional<T> ask(Question<T> question) {
        try {
            return Optional.ofNullable(question.ask());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
