package dev.ferry.webhooks;

import dev.ferry.core.kafka.PartitionOffsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer loop that hands records to a {@link Handler} without waiting for them: many deliveries are under way at
 * once, and the loop commits, per partition, the offset below which every record's handling has finished (so a
 * process killed mid-delivery leaves its unfinished records to the next owner: at least once). A record that is not
 * ready yet (a retry not yet due) pauses its partition until it is; nothing sleeps, and other partitions go on.
 */
final class DeliveryLoop implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(DeliveryLoop.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(50);
    private static final Duration COMMIT_INTERVAL = Duration.ofMillis(200);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

    /** What the loop does with each record. */
    interface Handler {
        /** Epoch milliseconds before which {@code record} must not be handled. */
        long readyAtMs(ConsumerRecord<String, byte[]> record);

        /** Starts handling {@code record}; the future completes when it is settled. Must not throw. */
        CompletableFuture<Void> handle(ConsumerRecord<String, byte[]> record);
    }

    private record Finished(TopicPartition partition, long offset) {
    }

    private final Consumer<String, byte[]> consumer;
    private final List<String> topics;
    private final Handler handler;
    private final Clock clock;
    private final int maxInFlight;
    private final Map<TopicPartition, PartitionOffsets> partitions = new HashMap<>();
    private final Map<TopicPartition, Long> waitingUntil = new HashMap<>();
    private final Queue<Finished> finished = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean stopping;
    private long lastCommitNanos = System.nanoTime();

    DeliveryLoop(Consumer<String, byte[]> consumer, List<String> topics, Handler handler, Clock clock, int maxInFlight) {
        this.consumer = consumer;
        this.topics = List.copyOf(topics);
        this.handler = handler;
        this.clock = clock;
        this.maxInFlight = maxInFlight;
    }

    int inFlight() {
        return inFlight.get();
    }

    void stop() {
        stopping = true;
        consumer.wakeup();
    }

    @Override
    public void run() {
        consumer.subscribe(topics, new CommitOnRevoke());
        try {
            while (!stopping) {
                pollOnce();
            }
            drain();
        } catch (WakeupException e) {
            drain();
        } catch (RuntimeException e) {
            log.error("A webhook consumer loop failed; deliveries not committed will be made again.", e);
        } finally {
            consumer.close(Duration.ofSeconds(10));
        }
    }

    private void pollOnce() {
        pauseOrResume();
        ConsumerRecords<String, byte[]> records = consumer.poll(POLL_TIMEOUT);
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                long readyAt = readyAt(record);
                if (readyAt > clock.millis()) {
                    consumer.seek(partition, record.offset());
                    consumer.pause(Set.of(partition));
                    waitingUntil.put(partition, readyAt);
                    break;
                }
                start(partition, record);
            }
        }
        applyFinished();
        if (System.nanoTime() - lastCommitNanos >= COMMIT_INTERVAL.toNanos()) {
            commit(false);
        }
    }

    /** A record whose readiness cannot be read is ready: handling it will report it. */
    private long readyAt(ConsumerRecord<String, byte[]> record) {
        try {
            return handler.readyAtMs(record);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** Pauses everything while too much is in flight; otherwise resumes partitions not waiting for a record. */
    private void pauseOrResume() {
        long now = clock.millis();
        waitingUntil.values().removeIf(until -> until <= now);
        Set<TopicPartition> assigned = consumer.assignment();
        if (inFlight.get() >= maxInFlight) {
            consumer.pause(assigned);
            return;
        }
        Set<TopicPartition> resumable = new HashSet<>(consumer.paused());
        resumable.removeAll(waitingUntil.keySet());
        if (!resumable.isEmpty()) {
            consumer.resume(resumable);
        }
    }

    private void start(TopicPartition partition, ConsumerRecord<String, byte[]> record) {
        PartitionOffsets offsets = partitions.computeIfAbsent(partition, p -> new PartitionOffsets());
        offsets.started(record.offset());
        if (offsets.alreadyFinished(record.offset())) {
            offsets.finished(record.offset());
            return;
        }
        inFlight.incrementAndGet();
        CompletableFuture<Void> handled;
        try {
            handled = handler.handle(record);
        } catch (RuntimeException e) {
            log.warn("A record could not be handled and is skipped: topic={} partition={} offset={} error={}.",
                    record.topic(), record.partition(), record.offset(), e.toString());
            handled = CompletableFuture.completedFuture(null);
        }
        handled.whenComplete((ok, error) -> {
            if (error != null) {
                log.warn("Handling a record failed: topic={} offset={} error={}.", record.topic(), record.offset(),
                        error.toString());
            }
            finished.add(new Finished(partition, record.offset()));
            inFlight.decrementAndGet();
        });
    }

    private void applyFinished() {
        Finished done;
        while ((done = finished.poll()) != null) {
            PartitionOffsets offsets = partitions.get(done.partition());
            if (offsets != null) {
                offsets.finished(done.offset());
            }
        }
    }

    private void commit(boolean sync) {
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        partitions.forEach((partition, offsets) -> {
            if (offsets.hasUncommittedProgress()) {
                long offset = offsets.committable();
                String metadata = offsets.metadata();
                commits.put(partition, new OffsetAndMetadata(offset, metadata));
                offsets.markCommitted(offset, metadata);
            }
        });
        lastCommitNanos = System.nanoTime();
        if (commits.isEmpty()) {
            return;
        }
        if (sync) {
            consumer.commitSync(commits);
        } else {
            consumer.commitAsync(commits, (offsets, error) -> {
                if (error != null) {
                    log.warn("A commit failed; its deliveries may be made again after a restart: {}.", error.toString());
                }
            });
        }
    }

    private void drain() {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        try {
            consumer.pause(consumer.assignment());
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                try {
                    consumer.poll(POLL_TIMEOUT);
                } catch (WakeupException e) {
                    // already stopping
                }
                applyFinished();
            }
            applyFinished();
            commit(true);
        } catch (RuntimeException e) {
            log.warn("Could not commit while stopping; finished deliveries may be made again after a restart.", e);
        }
    }

    private final class CommitOnRevoke implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            applyFinished();
            commit(true);
            revoked.forEach(partition -> {
                partitions.remove(partition);
                waitingUntil.remove(partition);
            });
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            if (assigned.isEmpty()) {
                return;
            }
            consumer.committed(new HashSet<>(assigned)).forEach((partition, commit) -> {
                if (commit != null) {
                    partitions.put(partition, PartitionOffsets.resume(commit.offset(), commit.metadata()));
                }
            });
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            lost.forEach(partition -> {
                partitions.remove(partition);
                waitingUntil.remove(partition);
            });
        }
    }
}
