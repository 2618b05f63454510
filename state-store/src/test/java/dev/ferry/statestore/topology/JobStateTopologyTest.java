package dev.ferry.statestore.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.core.job.JobControl;
import dev.ferry.core.job.JobError;
import dev.ferry.core.job.JobEvent;
import dev.ferry.core.job.JobRecord;
import dev.ferry.core.job.JobStatus;
import dev.ferry.core.job.JobSubmitted;
import dev.ferry.core.serde.RawJson;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JobStateTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");
    private static final String JOB = "6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b";

    private JobStateDriver fixture;
    private ObjectMapper mapper;
    private JobsTopicProgress progress;
    private ActivePartitions active;
    private SimpleMeterRegistry registry;
    private JobStoreMetrics storeMetrics;
    private TopologyTestDriver driver;
    private TestInputTopic<String, JobSubmitted> jobs;
    private TestInputTopic<String, JobEvent> events;
    private TestInputTopic<String, JobControl> control;
    private KeyValueStore<String, JobRecord> store;

    @BeforeEach
    void setUp() {
        fixture = new JobStateDriver(T0);
        mapper = fixture.mapper;
        progress = fixture.progress;
        active = fixture.active;
        registry = fixture.registry;
        storeMetrics = fixture.metrics;
        driver = fixture.driver;
        jobs = fixture.jobs;
        events = fixture.events;
        control = fixture.control;
        store = fixture.jobStore;
    }

    @AfterEach
    void tearDown() {
        if (driver != null) {
            driver.close();
        }
    }

    private JobSubmitted submitted(long ttlSeconds) {
        return new JobSubmitted(JOB, "mock/echo", mapper.createObjectNode().put("input", "hi"), "alice", ttlSeconds,
                T0.toEpochMilli());
    }

    @Test
    void shouldRecordASubmittedJobAsQueuedWithItsOwner() {
        jobs.pipeInput(JOB, submitted(60));

        JobRecord job = store.get(JOB);
        assertEquals(JobStatus.QUEUED, job.status());
        assertEquals("alice", job.owner());
        assertNull(job.expiresAtMs());
        assertEquals(0, progress.lastProcessed(0));
    }

    @Test
    void shouldCountTheTtlFromCompletion() {
        jobs.pipeInput(JOB, submitted(60));
        events.pipeInput(JOB, new JobEvent.Started(JOB, T0.toEpochMilli() + 10));
        assertEquals(JobStatus.IN_PROGRESS, store.get(JOB).status());

        long completedAt = T0.toEpochMilli() + 5_000;
        events.pipeInput(JOB, new JobEvent.Completed(JOB, completedAt, response("resp_1"), 60));

        JobRecord job = store.get(JOB);
        assertEquals(JobStatus.COMPLETED, job.status());
        assertEquals(completedAt + 60_000, job.expiresAtMs());
        assertEquals("resp_1", job.response().tree(mapper).get("id").asText());
    }

    @Test
    void shouldDeleteAnExpiredJobWhenTheSweepRuns() {
        jobs.pipeInput(JOB, submitted(2));
        events.pipeInput(JOB, new JobEvent.Completed(JOB, T0.toEpochMilli(), response(), 2));

        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertNotNull(store.get(JOB), "not expired yet");

        driver.advanceWallClockTime(Duration.ofSeconds(2));
        assertNull(store.get(JOB));
        KeyValueStore<Bytes, String> expiry = driver.getKeyValueStore(JobStateTopology.EXPIRY_STORE);
        try (var entries = expiry.all()) {
            assertFalse(entries.hasNext(), "the expiry index is emptied too");
        }
    }

    @Test
    void shouldCountEntriesByStatusAndExpiriesAsJobsMoveAndExpire() {
        jobs.pipeInput(JOB, submitted(2));
        assertEquals(1, storeMetrics.byStatus().get(JobStatus.QUEUED));
        events.pipeInput(JOB, new JobEvent.Completed(JOB, T0.toEpochMilli(), response(), 2));
        assertEquals(0, storeMetrics.byStatus().get(JobStatus.QUEUED));
        assertEquals(1, storeMetrics.byStatus().get(JobStatus.COMPLETED));
        assertEquals(1, registry.get("ferry.job.store.entries").tag("status", "completed").gauge().value());

        driver.advanceWallClockTime(Duration.ofSeconds(3));
        assertEquals(0, storeMetrics.byStatus().get(JobStatus.COMPLETED));
        assertEquals(1, registry.get("ferry.job.store.expired").counter().count());
    }

    @Test
    void shouldKeepTheFirstTerminalResultWhenAJobRunsTwice() {
        jobs.pipeInput(JOB, submitted(60));
        events.pipeInput(JOB, new JobEvent.Completed(JOB, T0.toEpochMilli(), response("a"), 60));
        events.pipeInput(JOB, new JobEvent.Started(JOB, T0.toEpochMilli() + 1));
        events.pipeInput(JOB, new JobEvent.Failed(JOB, T0.toEpochMilli() + 2,
                new JobError(500, "server_error", null, "boom", null), 60));

        JobRecord job = store.get(JOB);
        assertEquals(JobStatus.COMPLETED, job.status());
        assertEquals("a", job.response().tree(mapper).get("id").asText());
    }

    @Test
    void shouldGiveTheSameRecordWhenTheResultArrivesBeforeTheSubmission() {
        long completedAt = T0.toEpochMilli() + 100;
        events.pipeInput(JOB, new JobEvent.Failed(JOB, completedAt,
                new JobError(429, "rate_limit_error", "rate_limited", "slow down", null), 30));
        jobs.pipeInput(JOB, submitted(30));

        JobRecord job = store.get(JOB);
        assertEquals(JobStatus.FAILED, job.status());
        assertEquals("alice", job.owner());
        assertEquals(429, job.error().httpStatus());
        assertEquals(completedAt + 30_000, job.expiresAtMs());
    }

    @Test
    void shouldCancelAQueuedJobThatNeverStarted() {
        jobs.pipeInput(JOB, submitted(60));
        control.pipeInput(JOB, new JobControl.Cancel(JOB, T0.toEpochMilli() + 50));

        JobRecord job = store.get(JOB);
        assertEquals(JobStatus.CANCELLED, job.status());
        assertNull(job.startedAtMs());
        assertEquals(T0.toEpochMilli() + 50 + 60_000, job.expiresAtMs());
    }

    @Test
    void shouldFoldACancelForAJobItHasNotSeen() {
        control.pipeInput(JOB, new JobControl.Cancel(JOB, T0.toEpochMilli()));

        assertEquals(JobStatus.CANCELLED, store.get(JOB).status());
    }

    @Test
    void shouldHideADeletedJobEvenFromALateResult() {
        jobs.pipeInput(JOB, submitted(60));
        control.pipeInput(JOB, new JobControl.Delete(JOB, T0.toEpochMilli() + 10));
        events.pipeInput(JOB, new JobEvent.Completed(JOB, T0.toEpochMilli() + 20, response(), 60));

        JobRecord job = store.get(JOB);
        assertEquals(JobStatus.DELETED, job.status());
        assertNull(job.response());
    }

    @Test
    void shouldOfferTheRunningPartitionsStoresToLookupsUntilItsTaskCloses() {
        jobs.pipeInput(JOB, submitted(60));

        JobRecord read = active.jobs(0).orElseThrow().get(JOB);
        assertEquals(JobStatus.QUEUED, read.status());
        assertEquals(1L, active.backlogs().iterator().next().get("alice"));
        assertTrue(active.jobs(1).isEmpty(), "the driver runs partition 0 only");

        driver.close();
        driver = null;

        assertTrue(active.jobs(0).isEmpty());
        assertTrue(active.backlogs().isEmpty());
    }

    /** A provider's answer as a completed event carries it. */
    private RawJson response(String id) {
        return RawJson.of(mapper.createObjectNode().put("id", id), mapper.writer());
    }

    private RawJson response() {
        return RawJson.of(mapper.createObjectNode(), mapper.writer());
    }
}
