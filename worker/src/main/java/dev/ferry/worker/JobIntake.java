package dev.ferry.worker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.job.JobEnvelope;
import dev.ferry.core.job.JobSubmitted;
import dev.ferry.core.kafka.PrefixCommitter;
import dev.ferry.core.serde.JobsRecordFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
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
    private final Duration drainTimeout;
    private final PrefixCommitter commits;
    private final ConsumerLagGauges lagGauges;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean stopping;
    private volatile Thread pollThread;
    private volatile boolean waitingForRoom;

    JobIntake(
            Consumer<String, byte[]> consumer,
            List<Lane> lanes,
            JobsRecordFormat format,
            JobRunner runner,
            int maxInFlight,
            int maxPollRecords,
            Duration commitInterval,
            Duration drainTimeout,
            ConsumerLagGauges lagGauges) {
        this.consumer = consumer;
        lanes.forEach(lane -> this.lanes.put(lane.topic(), lane));
        this.format = format;
        this.runner = runner;
        this.maxInFlight = maxInFlight;
        this.maxPollRecords = maxPollRecords;
        this.drainTimeout = drainTimeout;
        this.commits = new PrefixCommitter(consumer, commitInterval);
        this.lagGauges = lagGauges;
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
        pollThread = Thread.currentThread();
        consumer.subscribe(List.copyOf(lanes.keySet()), commits.rebalanceListener(gone -> { }));
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

    /**
     * With every partition paused, a poll would only wait out its timeout while jobs finish: the loop sleeps instead
     * until a lane (or the worker) has room again, woken by the job that made it, and polls without waiting, which
     * keeps it in its group however long the lanes stay full.
     */
    private void pollOnce() {
        ConsumerRecords<String, byte[]> records;
        if (applyBackPressure()) {
            waitingForRoom = true;
            LockSupport.parkNanos(this, POLL_TIMEOUT.toNanos());
            waitingForRoom = false;
            records = consumer.poll(Duration.ZERO);
        } else {
            records = consumer.poll(POLL_TIMEOUT);
        }
        for (ConsumerRecord<String, byte[]> record : records) {
            start(record);
        }
        commits.commitIfDue();
        lagGauges.refresh(consumer, System.nanoTime());
    }

    /** Pauses full lanes' partitions and resumes the others; true if every assigned partition is paused. */
    private boolean applyBackPressure() {
        Collection<TopicPartition> assigned = consumer.assignment();
        boolean workerFull = stopping || inFlight.get() > maxInFlight - maxPollRecords;
        List<TopicPartition> pause = new ArrayList<>();
        List<TopicPartition> resume = new ArrayList<>();
        Set<TopicPartition> paused = consumer.paused();
        for (TopicPartition partition : assigned) {
            Lane lane = lanes.get(partition.topic());
            boolean full = workerFull || lane == null || lane.inFlight().get() > roomBelow(lane);
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
        return !assigned.isEmpty() && consumer.paused().containsAll(assigned);
    }

    /** A lane takes another poll's worth of jobs once at most this many of its jobs are in flight. */
    private int roomBelow(Lane lane) {
        return Math.max(0, lane.maxInFlight() - maxPollRecords);
    }

    private void start(ConsumerRecord<String, byte[]> record) {
        if (!commits.take(record)) {
            return;
        }
        Lane lane = lanes.get(record.topic());
        inFlight.incrementAndGet();
        lane.inFlight().incrementAndGet();
        run(record).whenComplete((ok, error) -> {
            commits.finished(record);
            int laneNow = lane.inFlight().decrementAndGet();
            int workerNow = inFlight.decrementAndGet();
            boolean roomMade = laneNow == roomBelow(lane) || workerNow == maxInFlight - maxPollRecords;
            if (roomMade && waitingForRoom) {
                LockSupport.unpark(pollThread);
            }
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

    private void drain() {
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        try {
            consumer.pause(consumer.assignment());
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                pollPaused();
            }
            commits.commitNow();
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
}
