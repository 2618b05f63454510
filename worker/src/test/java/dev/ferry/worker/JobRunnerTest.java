package dev.ferry.worker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.core.job.JobEvent;
import dev.ferry.core.job.JobSubmitted;
import dev.ferry.core.serde.Json;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JobRunnerTest {

    private final WorkerFixture worker = new WorkerFixture();

    @AfterEach
    void close() {
        worker.close();
    }

    private void runToTheEnd(JobRunner runner, JobSubmitted job) throws Exception {
        runner.run(job).get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldReportStartedThenCompletedWithTheProvidersResponse() throws Exception {
        JobSubmitted job = worker.job("hello", 1000);

        runToTheEnd(worker.runner(3), job);

        List<JobEvent> events = worker.jobEvents();
        assertEquals(2, events.size());
        assertEquals(new JobEvent.Started(job.jobId(), WorkerFixture.NOW), events.get(0));
        JobEvent.Completed completed = assertInstanceOf(JobEvent.Completed.class, events.get(1));
        assertEquals(FakeProvider.responseTo("hello"), completed.response().tree(Json.newMapper()));
        assertEquals(60, completed.resultTtlSeconds(), "the job's own result TTL");
        assertTrue(worker.written("job-events").stream().allMatch(record -> record.key().equals(job.jobId())),
                "events are keyed by job id");
    }

    @Test
    void shouldCallAgainAfterARetryableFailure() throws Exception {
        worker.provider.then(FakeProvider.failure(503, true));

        runToTheEnd(worker.runner(3), worker.job("flaky", 1000));

        assertEquals(2, worker.provider.calls());
        assertInstanceOf(JobEvent.Completed.class, worker.jobEvents().get(1));
        assertEquals(0, worker.written("jobs-dlq").size());
    }

    @Test
    void shouldFailAtOnceAndDeadLetterOnATerminalFailure() throws Exception {
        worker.provider.then(FakeProvider.failure(400, false));

        runToTheEnd(worker.runner(3), worker.job("doomed", 1000));

        assertEquals(1, worker.provider.calls(), "a terminal failure is not retried");
        JobEvent.Failed failed = assertInstanceOf(JobEvent.Failed.class, worker.jobEvents().get(1));
        assertEquals(400, failed.error().httpStatus());
        assertEquals(1, worker.written("jobs-dlq").size());
    }

    @Test
    void shouldGiveUpOnceTheRetriesAreSpent() throws Exception {
        worker.provider.then(FakeProvider.failure(503, true)).then(FakeProvider.failure(503, true));

        runToTheEnd(worker.runner(2), worker.job("always busy", 1000));

        assertEquals(2, worker.provider.calls());
        JobEvent.Failed failed = assertInstanceOf(JobEvent.Failed.class, worker.jobEvents().get(1));
        assertEquals(503, failed.error().httpStatus());
    }

    @Test
    void shouldFailAJobPastItsDeadlineWithoutCallingTheProvider() throws Exception {
        JobSubmitted stale = worker.job("too late", WorkerFixture.DEADLINE.plus(Duration.ofSeconds(1)).toMillis());

        runToTheEnd(worker.runner(3), stale);

        assertEquals(0, worker.provider.calls());
        JobEvent.Failed failed = assertInstanceOf(JobEvent.Failed.class, worker.jobEvents().get(0));
        assertEquals(504, failed.error().httpStatus());
        assertEquals("job_deadline_exceeded", failed.error().code());
    }

    @Test
    void shouldEndAJobCancelledBeforeItRanAsCancelledWithoutCallingTheProvider() throws Exception {
        JobSubmitted job = worker.job("never mind", 1000);
        worker.cancelled.cancel(job.jobId());

        runToTheEnd(worker.runner(3), job);

        assertEquals(0, worker.provider.calls());
        assertEquals(List.of(new JobEvent.Cancelled(job.jobId(), WorkerFixture.NOW, 60)), worker.jobEvents());
    }

    @Test
    void shouldCancelARunningCallAndReportTheJobCancelled() throws Exception {
        worker.provider.holdCalls();
        JobSubmitted job = worker.job("slow", 1000);
        var running = worker.runner(3).run(job);
        assertEquals(1, worker.provider.heldCalls());

        worker.cancelled.cancel(job.jobId());
        running.get(10, TimeUnit.SECONDS);

        assertInstanceOf(JobEvent.Cancelled.class, worker.jobEvents().get(1));
    }

    @Test
    void shouldSayNothingOfTheStartOfAJobThatEndedWithinTheStartedEventDelay() throws Exception {
        JobSubmitted job = worker.job("quick", 1000);

        runToTheEnd(worker.runner(3, Duration.ofHours(1)), job);

        List<JobEvent> events = worker.jobEvents();
        assertEquals(1, events.size(), "no started event: " + events);
        assertInstanceOf(JobEvent.Completed.class, events.get(0));
    }

    @Test
    void shouldAnnounceTheStartOfAJobStillRunningAfterTheDelayBeforeItsEnd() throws Exception {
        worker.provider.holdCalls();
        JobSubmitted job = worker.job("slow", 1000);
        var running = worker.runner(3, Duration.ofMillis(1)).run(job);
        await().atMost(Duration.ofSeconds(10)).until(() -> !worker.jobEvents().isEmpty());

        worker.provider.releaseOne();
        running.get(10, TimeUnit.SECONDS);

        List<JobEvent> events = worker.jobEvents();
        assertEquals(new JobEvent.Started(job.jobId(), WorkerFixture.NOW), events.get(0),
                "the start time is when the job started, not when it was announced");
        assertInstanceOf(JobEvent.Completed.class, events.get(1));
        assertEquals(2, events.size());
    }
}
