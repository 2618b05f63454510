package dev.ferry.worker;

import dev.ferry.core.job.JobControl;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of {@code job-control} (no consumer group: every worker must see every cancel), starting
 * from a look-back window so that cancels issued just before a restart still stop their jobs.
 */
final class JobControlListener implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(JobControlListener.class);

    private final Consumer<String, JobControl> consumer;
    private final String topic;
    private final CancelledJobs cancelled;
    private final Duration lookBack;
    private final Clock clock;
    private volatile boolean stopping;

    JobControlListener(
            Consumer<String, JobControl> consumer,
            String topic,
            CancelledJobs cancelled,
            Duration lookBack,
            Clock clock) {
        this.consumer = consumer;
        this.topic = topic;
        this.cancelled = cancelled;
        this.lookBack = lookBack;
        this.clock = clock;
    }

    void stop() {
        stopping = true;
        consumer.wakeup();
    }

    @Override
    public void run() {
        try {
            assignFromLookBack();
            while (!stopping) {
                for (ConsumerRecord<String, JobControl> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() instanceof JobControl.CancelBatch batch) {
                        cancelled.cancelBatch(batch.batchId());
                    } else if (record.value() != null) {
                        cancelled.cancel(record.value().key());
                    }
                }
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            log.error("The worker stopped reading cancels; cancelled jobs will still show as cancelled.", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void assignFromLookBack() {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        consumer.assign(partitions);
        Map<TopicPartition, Long> since = new HashMap<>();
        partitions.forEach(partition -> since.put(partition, clock.millis() - lookBack.toMillis()));
        Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(since);
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp offset = offsets.get(partition);
            if (offset == null) {
                consumer.seekToEnd(List.of(partition));
            } else {
                consumer.seek(partition, offset.offset());
            }
        }
    }
}
