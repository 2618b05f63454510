package dev.ferry.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.core.job.JobEvent;
import dev.ferry.core.job.JobSubmitted;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The worker's consumer loop against Kafka's {@link MockConsumer}: each step of a test runs inside one poll, on the
 * loop's own thread, so the loop's state is checked exactly between two polls.
 */
class JobIntakeTest {

    private static final TopicPartition JOBS_0 = new TopicPartition("jobs", 0);

    /** Remembers the last offset committed per partition, also after the loop closed the consumer. */
    private static final class CommitRecorder extends MockConsumer<String, byte[]> {
        final Map<TopicPartition, Long> committed = new ConcurrentHashMap<>();

        CommitRecorder() {
            super("earliest");
        }

        @Override
        public synchronized void commitAsync(
                Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
            offsets.forEach((partition, commit) -> committed.put(partition, commit.offset()));
            super.commitAsync(offsets, callback);
        }

        @Override
        public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
            offsets.forEach((partition, commit) -> committed.put(partition, commit.offset()));
            super.commitSync(offsets);
        }
    }

    private final WorkerFixture worker = new WorkerFixture();
    private final CommitRecorder consumer = new CommitRecorder();
    private long nextOffset;

    @AfterEach
    void close() {
        worker.close();
    }

    /** Up to {@code maxInFlight} jobs at once, {@code maxPollRecords} taken per poll, committing at every poll. */
    private JobIntake intake(int maxInFlight, int maxPollRecords) {
        consumer.setMaxPollRecords(maxPollRecords);
        return new JobIntake(consumer, List.of(new JobIntake.Lane(JOBS_0.topic(), maxInFlight)),
                worker.topics.jobsFormat(), worker.runner(1), maxInFlight, maxPollRecords, Duration.ZERO,
                Duration.ofSeconds(5), new ConsumerLagGauges(new SimpleMeterRegistry(), "interactive"));
    }

    /** The first poll is assigned the partition, empty from offset 0. */
    private void assignJobsPartition() {
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(JOBS_0));
            consumer.updateBeginningOffsets(Map.of(JOBS_0, 0L));
        });
    }

    /** Appends a job as ingress writes it: the envelope in headers, the request as the value. */
    private void append(JobSubmitted job) {
        RecordHeaders headers = new RecordHeaders();
        byte[] value = worker.topics.jobs().valueSerde().serializer().serialize(JOBS_0.topic(), headers, job);
        append(job.jobId(), value, headers);
    }

    private void append(String key, byte[] value, RecordHeaders headers) {
        consumer.addRecord(new ConsumerRecord<>(JOBS_0.topic(), JOBS_0.partition(), nextOffset++,
                WorkerFixture.NOW, TimestampType.CREATE_TIME, key.length(), value.length, key, value, headers,
                Optional.empty()));
    }

    /** Runs {@code step} inside the next poll. */
    private void nextPoll(Runnable step) {
        consumer.schedulePollTask(step);
    }

    @Test
    void shouldRunEveryJobItTakesAndCommitPastThem() {
        JobIntake intake = intake(10, 5);
        assignJobsPartition();
        List<JobSubmitted> jobs = List.of(worker.job("one", 10), worker.job("two", 10), worker.job("three", 10));
        nextPoll(() -> jobs.forEach(this::append));
        nextPoll(intake::stop);

        intake.run();

        assertEquals(3, worker.provider.calls());
        List<String> completed = worker.jobEvents().stream()
                .filter(JobEvent.Completed.class::isInstance).map(JobEvent::jobId).toList();
        assertEquals(jobs.stream().map(JobSubmitted::jobId).toList(), completed);
        assertEquals(3L, consumer.committed.get(JOBS_0), "committed past the last finished job");
        assertTrue(consumer.closed());
    }

    @Test
    void shouldPauseAtItsCapAndResumeOnceAJobFinished() {
        worker.provider.holdCalls();
        JobIntake intake = intake(2, 1);
        assignJobsPartition();
        List<Boolean> pausedAtPoll = new ArrayList<>();
        Map<String, Integer> observed = new HashMap<>();
        nextPoll(() -> {
            append(worker.job("one", 10));
            append(worker.job("two", 10));
            append(worker.job("three", 10));
        });
        nextPoll(() -> pausedAtPoll.add(consumer.paused().contains(JOBS_0)));
        nextPoll(() -> {
            pausedAtPoll.add(consumer.paused().contains(JOBS_0));
            observed.put("calls while full", worker.provider.calls());
            worker.provider.releaseOne();
        });
        nextPoll(() -> pausedAtPoll.add(consumer.paused().contains(JOBS_0)));
        nextPoll(() -> {
            observed.put("calls after one finished", worker.provider.calls());
            while (worker.provider.heldCalls() > 0) {
                worker.provider.releaseOne();
            }
        });
        nextPoll(intake::stop);

        intake.run();

        assertEquals(List.of(false, true, false), pausedAtPoll, "paused with two jobs running, resumed at one");
        assertEquals(2, observed.get("calls while full"));
        assertEquals(3, observed.get("calls after one finished"));
        assertEquals(3L, consumer.committed.get(JOBS_0));
    }

    @Test
    void shouldCommitNothingPastAJobStillRunningWhenItStops() {
        worker.provider.holdCalls();
        JobIntake intake = new JobIntake(consumer, List.of(new JobIntake.Lane(JOBS_0.topic(), 10)),
                worker.topics.jobsFormat(), worker.runner(1), 10, 5, Duration.ZERO, Duration.ZERO,
                new ConsumerLagGauges(new SimpleMeterRegistry(), "interactive"));
        assignJobsPartition();
        nextPoll(() -> {
            append(worker.job("one", 10));
            append(worker.job("two", 10));
        });
        nextPoll(() -> worker.provider.releaseOne());
        nextPoll(intake::stop);

        intake.run();

        assertEquals(1L, consumer.committed.get(JOBS_0), "the unfinished job runs again after a restart");
        assertEquals(1, intake.inFlight());
    }

    @Test
    void shouldDeadLetterARecordThatIsNotAJobAndGoOn() {
        JobIntake intake = intake(10, 5);
        assignJobsPartition();
        JobSubmitted job = worker.job("after the junk", 10);
        nextPoll(() -> {
            append("not-a-job", "junk".getBytes(StandardCharsets.UTF_8), new RecordHeaders());
            append(job);
        });
        nextPoll(intake::stop);

        intake.run();

        assertEquals(1, worker.written("jobs-dlq").size());
        assertEquals(1, worker.provider.calls(), "only the real job reached the provider");
        assertFalse(worker.jobEvents().stream().anyMatch(event -> event.jobId().equals("not-a-job")));
        assertEquals(2L, consumer.committed.get(JOBS_0));
    }
}
