package dev.ferry.ingress.ops;

import dev.ferry.core.job.DeadLetter;
import dev.ferry.core.topic.Topic;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead-letter topic as the operator page shows it: how many records it holds and the latest few reasons. Reads
 * the tail of each partition with a consumer of its own (assigned, no group, nothing committed); at most once every
 * five seconds.
 */
public final class DeadLetterTail implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterTail.class);
    private static final int LATEST = 10;
    private static final int MESSAGE_CHARS = 300;
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    /** The topic's records now (end minus start offsets, over its partitions) and the latest reasons, newest first. */
    public record Snapshot(long count, List<Reason> latest) {
        public Snapshot {
            latest = List.copyOf(latest);
        }
    }

    /** Why one job was given up on. */
    public record Reason(String jobId, String model, long failedAtMs, int httpStatus, String code, String message) {
    }

    private final Consumer<String, byte[]> consumer;
    private final Topic<String, DeadLetter> topic;
    private final Cached<Snapshot> cached;

    public DeadLetterTail(Consumer<String, byte[]> consumer, Topic<String, DeadLetter> topic, Clock clock) {
        this.consumer = consumer;
        this.topic = topic;
        this.cached = new Cached<>(this::read, Duration.ofSeconds(5), clock);
    }

    public Snapshot now() {
        return cached.get();
    }

    private Snapshot read() {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic.name(), TIMEOUT)) {
                partitions.add(new TopicPartition(topic.name(), info.partition()));
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions, TIMEOUT);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
            long count = 0;
            for (TopicPartition partition : partitions) {
                count += ends.get(partition) - starts.get(partition);
                consumer.seek(partition, Math.max(starts.get(partition), ends.get(partition) - LATEST));
            }
            return new Snapshot(count, tail(partitions, ends));
        } catch (RuntimeException e) {
            log.warn("The dead-letter topic could not be read: topic={} error={}.", topic.name(), e.toString());
            return new Snapshot(-1, List.of());
        }
    }

    private List<Reason> tail(List<TopicPartition> partitions, Map<TopicPartition, Long> ends) {
        List<Reason> reasons = new ArrayList<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!reachedEnd(partitions, ends) && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                try {
                    reasons.add(reason(topic.valueSerde().deserializer().deserialize(topic.name(), record.value())));
                } catch (SerializationException | IllegalArgumentException e) {
                    reasons.add(new Reason(record.key(), null, record.timestamp(), 0, "unreadable_dead_letter",
                            "this dead letter could not be read"));
                }
            }
        }
        reasons.sort(Comparator.comparingLong(Reason::failedAtMs).reversed());
        return reasons.subList(0, Math.min(LATEST, reasons.size()));
    }

    private boolean reachedEnd(List<TopicPartition> partitions, Map<TopicPartition, Long> ends) {
        for (TopicPartition partition : partitions) {
            if (consumer.position(partition, TIMEOUT) < ends.get(partition)) {
                return false;
            }
        }
        return true;
    }

    private static Reason reason(DeadLetter letter) {
        String message = letter.error().message();
        if (message != null && message.length() > MESSAGE_CHARS) {
            message = message.substring(0, MESSAGE_CHARS) + "…";
        }
        return new Reason(letter.jobId(), letter.job() == null ? null : letter.job().model(), letter.failedAtMs(),
                letter.error().httpStatus(), letter.error().code(), message);
    }

    @Override
    public void close() {
        synchronized (cached) {
            consumer.close();
        }
    }
}
