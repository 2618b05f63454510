package dev.ferry.core.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.junit.jupiter.api.Test;

class PrefixCommitterTest {

    private static final TopicPartition P0 = new TopicPartition("jobs", 0);

    /** A consumer whose asynchronous commits can be made to fail, as they do during a rebalance. */
    private static final class FlakyCommits extends MockConsumer<String, String> {
        boolean failAsyncCommits;
        final List<Map<TopicPartition, OffsetAndMetadata>> asyncCommits = new ArrayList<>();

        FlakyCommits() {
            super("earliest");
        }

        @Override
        public synchronized void commitAsync(
                Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
            asyncCommits.add(Map.copyOf(offsets));
            if (failAsyncCommits) {
                callback.onComplete(offsets, new RebalanceInProgressException("a rebalance is in progress"));
            } else {
                super.commitAsync(offsets, callback);
            }
        }
    }

    private final FlakyCommits consumer = new FlakyCommits();
    private final PrefixCommitter commits = new PrefixCommitter(consumer, Duration.ZERO);

    private static ConsumerRecord<String, String> record(long offset) {
        return new ConsumerRecord<>(P0.topic(), P0.partition(), offset, "key", "value");
    }

    private void takeZeroToFour() {
        consumer.assign(Set.of(P0));
        for (long offset = 0; offset < 5; offset++) {
            assertTrue(commits.take(record(offset)));
        }
    }

    @Test
    void shouldCommitOnlyBelowTheLowestUnfinishedRecord() {
        takeZeroToFour();
        commits.finished(record(0));
        commits.finished(record(1));
        commits.finished(record(3));

        commits.commitNow();

        OffsetAndMetadata committed = consumer.committed(Set.of(P0)).get(P0);
        assertEquals(2, committed.offset());
        assertFalse(committed.metadata().isEmpty(), "offset 3 finished above the commit is listed in its metadata");
    }

    @Test
    void shouldLetTheNextOwnerSkipWhatWasFinishedAboveTheCommit() {
        takeZeroToFour();
        commits.finished(record(0));
        commits.finished(record(3));
        commits.commitNow();

        PrefixCommitter next = new PrefixCommitter(consumer, Duration.ZERO);
        ConsumerRebalanceListener listener = next.rebalanceListener(gone -> { });
        listener.onPartitionsAssigned(Set.of(P0));

        assertTrue(next.take(record(1)));
        assertTrue(next.take(record(2)));
        assertFalse(next.take(record(3)), "finished by the previous owner");
        assertTrue(next.take(record(4)));
    }

    @Test
    void shouldCommitAgainAfterAnAsynchronousCommitFailed() {
        takeZeroToFour();
        for (long offset = 0; offset < 5; offset++) {
            commits.finished(record(offset));
        }
        consumer.failAsyncCommits = true;
        commits.commitIfDue();
        assertEquals(1, consumer.asyncCommits.size());

        consumer.failAsyncCommits = false;
        commits.commitIfDue();

        assertEquals(2, consumer.asyncCommits.size(), "the failed commit was made again");
        assertEquals(5, consumer.committed(Set.of(P0)).get(P0).offset());
    }

    @Test
    void shouldNotCommitTheSameProgressTwice() {
        takeZeroToFour();
        commits.finished(record(0));
        commits.commitIfDue();
        commits.commitIfDue();

        assertEquals(1, consumer.asyncCommits.size());
    }

    @Test
    void shouldCommitBeforeAPartitionIsRevokedAndTellTheLoop() {
        takeZeroToFour();
        commits.finished(record(0));
        List<TopicPartition> forgotten = new ArrayList<>();

        commits.rebalanceListener(forgotten::addAll).onPartitionsRevoked(Set.of(P0));

        assertEquals(1, consumer.committed(Set.of(P0)).get(P0).offset());
        assertEquals(List.of(P0), forgotten);
    }
}
