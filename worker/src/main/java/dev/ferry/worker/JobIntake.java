package dev.ferry.worker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.job.JobEnvelope;
import dev.ferry.core.job.JobSubmitted;
import dev.ferry.core.serde.JobsRecordFormat;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's consumer loop. It keeps up to {@code maxInFlight} jobs running at once, pausing its partitions at the
 * cap and resuming below it; it commits, per partition, the offset below which every job has finished. Only the poll
 * thread touches the consumer and the offset trackers; finished jobs come back to it through a queue.
 *
 * <p>An intake serves one or more lanes (a topic each) with a cap per lane; only a full lane's partitions pause. The
 * worker runs one intake for {@code jobs} and one for {@code jobs-batch}, so that a batch never sits in front of
 * interactive jobs in a consumer's fetch buffer.
 */
final class JobIntake implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(JobIntake.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(50);

    private record Finished(TopicPartition partition, long offset) {
    }

    /** One topic's jobs and how many of them may run at once. */
    record Lane(String topic, int maxInFlight, AtomicInteger inFlight) {
        Lane(String topic, int maxInFlight) {
            this(topic, maxInFlight, new AtomicInteger());
        }
    }

    private final Consumer<String, byte[]> consumer;
    private final Map<String, Lane> lanes = new HashMap<>();
    private final JobsRecordFormat format;
    private final JobRunner runner;
    private final int maxInFlight;
    private final int maxPollRecords;
    private final Duration commitInterval;
    private final Duration drainTimeout;
    private final Map<TopicPartition, PartitionOffsets> partitions = new HashMap<>();
    private final Queue<Finished> finished = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean stopping;
    private long lastCommitNanos = System.nanoTime();

    JobIntake(
            Consumer<String, byte[]> consumer,
            List<Lane> lanes,
            JobsRecordFormat format,
            JobRunner runner,
            int maxInFlight,
            int maxPollRecords,
            Duration commitInterval,
            Duration drainTimeout) {
        this.consumer = consumer;
        lanes.forEach(lane -> this.lanes.put(lane.topic(), lane));
        this.format = format;
        this.runner = runner;
        this.maxInFlight = maxInFlight;
        this.maxPollRecords = maxPollRecords;
        this.commitInterval = commitInterval;
        this.drainTimeout = drainTimeout;
    }

    /** Jobs taken and not yet finished, across all partitions. */
    int inFlight() {
        return inFlight.get();
    }

    /** Asks the loop to stop taking jobs, finish those in flight (up to the drain timeout), commit and return. */
    void stop() {
        stopping = true;
        consumer.wakeup();
    }

    @Override
    public void run() {
        consumer.subscribe(List.copyOf(lanes.keySet()), new CommitOnRevoke());
        try {
            while (!stopping) {
                pollOnce();
            }
            drain();
        } catch (WakeupException e) {
            drain();
        } catch (RuntimeException e) {
            log.error("The worker's consumer loop failed; jobs not committed will be re-run.", e);
        } finally {
            consumer.close(Duration.ofSeconds(10));
        }
    }

    private void pollOnce() {
        applyBackPressure();
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL_TIMEOUT)) {
            start(record);
        }
        applyFinished();
        if (System.nanoTime() - lastCommitNanos >= commitInterval.toNanos()) {
            commit(false);
        }
    }

    private void applyBackPressure() {
        Collection<TopicPartition> assigned = consumer.assignment();
        boolean workerFull = stopping || inFlight.get() > maxInFlight - maxPollRecords;
        List<TopicPartition> pause = new java.util.ArrayList<>();
        List<TopicPartition> resume = new java.util.ArrayList<>();
        java.util.Set<TopicPartition> paused = consumer.paused();
        for (TopicPartition partition : assigned) {
            Lane lane = lanes.get(partition.topic());
            boolean full = workerFull || lane == null
                    || lane.inFlight().get() > Math.max(0, lane.maxInFlight() - maxPollRecords);
            if (full && !paused.contains(partition)) {
                pause.add(partition);
            } else if (!full && paused.contains(partition)) {
                resume.add(partition);
            }
        }
        if (!pause.isEmpty()) {
            consumer.pause(pause);
        }
        if (!resume.isEmpty()) {
            consumer.resume(resume);
        }
    }

    private void start(ConsumerRecord<String, byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        PartitionOffsets offsets = partitions.computeIfAbsent(partition, p -> new PartitionOffsets());
        offsets.started(record.offset());
        if (offsets.alreadyFinished(record.offset())) {
            offsets.finished(record.offset());
            return;
        }
        Lane lane = lanes.get(record.topic());
        inFlight.incrementAndGet();
        lane.inFlight().incrementAndGet();
        run(record).whenComplete((ok, error) -> {
            finished.add(new Finished(partition, record.offset()));
            lane.inFlight().decrementAndGet();
            inFlight.decrementAndGet();
        });
    }


    /**
     * A record without a readable envelope is not a job and only goes to the dead-letter topic (the job store skips it
     * too, so nobody waits for it); a job whose request cannot be read fails, visibly to its owner.
     */
    private CompletableFuture<Void> run(ConsumerRecord<String, byte[]> record) {
        JobEnvelope envelope;
        try {
            envelope = format.readEnvelope(record.headers());
            if (!envelope.jobId().equals(record.key())) {
                throw new SerializationException("the record key is not the job id of its headers");
            }
        } catch (SerializationException e) {
            log.warn("A record on the jobs topic is not a job; it goes to the dead-letter topic: partition={} "
                    + "offset={} error={}.", record.partition(), record.offset(), e.getMessage());
            return runner.rejectUnreadable(record.key(), record.value(), e.getMessage());
        }
        ObjectNode request;
        try {
            request = format.readRequest(record.value());
        } catch (SerializationException e) {
            log.warn("A job's request cannot be read, so the job fails: jobId={} error={}.", envelope.jobId(),
                    e.getMessage());
            return runner.failUnreadable(envelope, record.value(), e.getMessage());
        }
        return runner.run(new JobSubmitted(envelope, request));
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
                    log.warn("A commit failed; its jobs may run again after a restart: {}.", error.toString());
                }
            });
        }
    }

    private void drain() {
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        try {
            consumer.pause(consumer.assignment());
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                pollPaused();
                applyFinished();
            }
            applyFinished();
            commit(true);
            if (inFlight.get() > 0) {
                log.warn("Stopped with {} jobs still running; they will run again after a restart.", inFlight.get());
            }
        } catch (RuntimeException e) {
            log.warn("Could not commit while stopping; finished jobs may run again after a restart.", e);
        }
    }

    /** Polls with every partition paused, to stay in the group while jobs finish. */
    private void pollPaused() {
        try {
            consumer.poll(POLL_TIMEOUT);
        } catch (WakeupException e) {
            // stop() was called again; we are already draining
        }
    }

    /** Commits what has finished before partitions move to another worker. */
    private final class CommitOnRevoke implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            applyFinished();
            commit(true);
            revoked.forEach(partitions::remove);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            if (assigned.isEmpty()) {
                return;
            }
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(assigned));
            committed.forEach((partition, commit) -> {
                if (commit != null) {
                    partitions.put(partition, PartitionOffsets.resume(commit.offset(), commit.metadata()));
                }
            });
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            lost.forEach(partitions::remove);
        }
    }
}
