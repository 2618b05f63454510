package dev.ferry.core.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits for a consumer loop that finishes records out of order (many in flight at once): per partition, the offset
 * below which every record it took has finished, with the finished ones above it in the commit's metadata (see
 * {@link PartitionOffsets}), so a restart or the next owner repeats only what may not have finished. A commit that
 * fails (during a rebalance, say) is made again at the next interval rather than taken for done.
 *
 * <p>Records may be reported finished from any thread; everything else runs on the loop's poll thread, the only one
 * that touches the consumer.
 */
public final class PrefixCommitter {

    private static final Logger log = LoggerFactory.getLogger(PrefixCommitter.class);

    private record Finished(TopicPartition partition, long offset) {
    }

    private final org.apache.kafka.clients.consumer.Consumer<?, ?> consumer;
    private final Duration interval;
    private final Map<TopicPartition, PartitionOffsets> partitions = new HashMap<>();
    private final Queue<Finished> finished = new ConcurrentLinkedQueue<>();
    private long lastCommitNanos = System.nanoTime();

    public PrefixCommitter(org.apache.kafka.clients.consumer.Consumer<?, ?> consumer, Duration interval) {
        this.consumer = consumer;
        this.interval = interval;
    }

    /**
     * Notes that the loop took {@code record}.
     *
     * @return false when the partition's previous owner already finished it: the loop skips it
     */
    public boolean take(ConsumerRecord<?, ?> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        PartitionOffsets offsets = partitions.computeIfAbsent(partition, p -> new PartitionOffsets());
        offsets.started(record.offset());
        if (offsets.alreadyFinished(record.offset())) {
            offsets.finished(record.offset());
            return false;
        }
        return true;
    }

    /** Reports a taken record finished; any thread. */
    public void finished(ConsumerRecord<?, ?> record) {
        finished.add(new Finished(new TopicPartition(record.topic(), record.partition()), record.offset()));
    }

    /** Commits asynchronously if the interval has passed since the last commit. */
    public void commitIfDue() {
        if (System.nanoTime() - lastCommitNanos >= interval.toNanos()) {
            commit(false);
        }
    }

    /** Commits what has finished, synchronously: before partitions go, and when the loop stops. */
    public void commitNow() {
        commit(true);
    }

    /**
     * A listener to subscribe with: commits before partitions are revoked, resumes each assigned partition from its
     * commit (skipping what its metadata lists as finished), and tells {@code forgotten} of partitions that went.
     */
    public ConsumerRebalanceListener rebalanceListener(Consumer<Collection<TopicPartition>> forgotten) {
        return new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
                commitNow();
                revoked.forEach(partitions::remove);
                forgotten.accept(revoked);
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
                lost.forEach(partitions::remove);
                forgotten.accept(lost);
            }
        };
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
        applyFinished();
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
                    log.warn("A commit failed; it is made again at the next commit interval: {}.", error.toString());
                    commits.forEach((partition, commit) -> {
                        PartitionOffsets tracked = partitions.get(partition);
                        if (tracked != null) {
                            tracked.commitFailed(commit.offset(), commit.metadata());
                        }
                    });
                }
            });
        }
    }
}
