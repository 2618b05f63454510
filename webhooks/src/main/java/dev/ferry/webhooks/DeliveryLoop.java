package dev.ferry.webhooks;

import dev.ferry.core.kafka.PrefixCommitter;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
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

    private final Consumer<String, byte[]> consumer;
    private final List<String> topics;
    private final Handler handler;
    private final Clock clock;
    private final int maxInFlight;
    private final PrefixCommitter commits;
    private final Map<TopicPartition, Long> waitingUntil = new HashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean stopping;

    DeliveryLoop(Consumer<String, byte[]> consumer, List<String> topics, Handler handler, Clock clock, int maxInFlight) {
        this.consumer = consumer;
        this.topics = List.copyOf(topics);
        this.handler = handler;
        this.clock = clock;
        this.maxInFlight = maxInFlight;
        this.commits = new PrefixCommitter(consumer, COMMIT_INTERVAL);
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
        consumer.subscribe(topics, commits.rebalanceListener(gone -> gone.forEach(waitingUntil::remove)));
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
                start(record);
            }
        }
        commits.commitIfDue();
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

    private void start(ConsumerRecord<String, byte[]> record) {
        if (!commits.take(record)) {
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
            commits.finished(record);
            inFlight.decrementAndGet();
        });
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
            }
            commits.commitNow();
        } catch (RuntimeException e) {
            log.warn("Could not commit while stopping; finished deliveries may be made again after a restart.", e);
        }
    }
}
