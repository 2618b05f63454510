package dev.ferry.statestore.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.core.job.JobControl;
import dev.ferry.core.job.JobEvent;
import dev.ferry.core.job.JobRecord;
import dev.ferry.core.job.JobStatus;
import dev.ferry.core.job.JobSubmitted;
import dev.ferry.core.serde.RawJson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The three input topics of the job store are read side by side, so a job's records can be folded in any order, and
 * the wall-clock sweep can run between any two of them. Whatever the order: a job that reached a terminal status never
 * reads as queued or in progress again, its result expires by its TTL counted from completion, and once everything
 * has arrived and expired nothing of it is left in the store.
 */
class JobStateArrivalOrderTest {

    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
    private static final String JOB = "0b7f4c2e-9d1a-4e3b-8c5d-6f7a8b9c0d1e";
    private static final long TTL_SECONDS = 60;
    /** Longer than the TTL: the sweep may run between any two records. */
    private static final Duration GAP = Duration.ofSeconds(TTL_SECONDS + 5);

    /** One input record of a job. */
    private enum Arrival { SUBMITTED, STARTED, COMPLETED, FAILED, CANCELLED_BY_WORKER, CANCEL, DELETE }

    private JobStateDriver fixture;
    private ObjectMapper mapper;
    private TopologyTestDriver driver;
    private TestInputTopic<String, JobSubmitted> jobs;
    private TestInputTopic<String, JobEvent> events;
    private TestInputTopic<String, JobControl> control;
    private KeyValueStore<String, JobRecord> store;
    private Instant now = T0;

    @BeforeEach
    void setUp() {
        fixture = new JobStateDriver(T0);
        mapper = fixture.mapper;
        driver = fixture.driver;
        jobs = fixture.jobs;
        events = fixture.events;
        control = fixture.control;
        store = fixture.jobStore;
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    static Stream<Arguments> ordersOfASubmissionAStartAndAnEnd() {
        List<Arguments> orders = new ArrayList<>();
        for (Arrival end : List.of(Arrival.COMPLETED, Arrival.FAILED, Arrival.CANCELLED_BY_WORKER)) {
            for (List<Arrival> order : permutations(List.of(Arrival.SUBMITTED, Arrival.STARTED, end))) {
                orders.add(Arguments.of(order));
            }
        }
        return orders.stream();
    }

    static Stream<Arguments> ordersWithAControlRecord() {
        List<Arguments> orders = new ArrayList<>();
        for (Arrival control : List.of(Arrival.CANCEL, Arrival.DELETE)) {
            for (List<Arrival> order : permutations(List.of(Arrival.SUBMITTED, Arrival.COMPLETED, control))) {
                orders.add(Arguments.of(order));
            }
        }
        return orders.stream();
    }

    @Test
    void shouldNotRequeueAJobWhoseResultExpiredBeforeItsSubmissionWasFolded() {
        arrive(Arrival.COMPLETED);
        passTime(GAP);
        arrive(Arrival.SUBMITTED);

        JobRecord job = store.get(JOB);
        assertTrue(job == null || job.status() == JobStatus.COMPLETED, "was " + job);
        assertTrue(job == null || job.isExpiredAt(now.toEpochMilli()), "the result's TTL ran out: " + job);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"ordersOfASubmissionAStartAndAnEnd", "ordersWithAControlRecord"})
    void shouldNeverShowATerminalJobAsUnfinishedWhateverTheOrderAndTheSweeps(List<Arrival> order) {
        boolean ended = false;
        for (Arrival arrival : order) {
            arrive(arrival);
            ended |= arrival != Arrival.SUBMITTED && arrival != Arrival.STARTED;
            Optional<JobRecord> seen = visible();
            if (ended) {
                assertTrue(seen.isEmpty() || seen.get().status().isTerminal(),
                        "after " + arrival + " a lookup sees " + seen);
            }
            passTime(GAP);
        }
        assertTrue(visible().isEmpty(), "everything expired: " + store.get(JOB));
        assertForgottenWithinTheOrphanRetention();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ordersOfASubmissionAStartAndAnEnd")
    void shouldServeTheResultForItsWholeTtlFromCompletionWhateverTheOrder(List<Arrival> order) {
        order.forEach(this::arrive);

        JobRecord job = store.get(JOB);
        assertEquals("alice", job.owner());
        assertTrue(job.status().isTerminal(), "was " + job);
        assertEquals(job.completedAtMs() + TTL_SECONDS * 1000, job.expiresAtMs());
        passTime(Duration.ofSeconds(TTL_SECONDS - 10));
        assertFalse(store.get(JOB).isExpiredAt(now.toEpochMilli()), "still within its TTL");
        passTime(GAP);
        assertNull(store.get(JOB), "swept once its TTL ran out");
        assertExpiryIndexEmpty();
    }

    @Test
    void shouldForgetAnOrphanedEventWhoseSubmissionNeverComes() {
        arrive(Arrival.STARTED);
        passTime(Duration.ofDays(8));

        assertNull(store.get(JOB), "a record without a submission does not live for ever");
        assertExpiryIndexEmpty();
    }

    /** Late duplicates (a worker re-running a job whose result was already swept) leave ownerless records behind. */
    private void assertForgottenWithinTheOrphanRetention() {
        passTime(Duration.ofDays(8));
        assertNull(store.get(JOB), "nothing is left once everything arrived and expired");
        assertExpiryIndexEmpty();
    }

    /** What a lookup may show: a record whose submission was folded, not deleted and not expired. */
    private Optional<JobRecord> visible() {
        return Optional.ofNullable(store.get(JOB))
                .filter(job -> job.owner() != null)
                .filter(job -> job.status() != JobStatus.DELETED)
                .filter(job -> !job.isExpiredAt(now.toEpochMilli()));
    }

    private void assertExpiryIndexEmpty() {
        KeyValueStore<Bytes, String> expiry = driver.getKeyValueStore(JobStateTopology.EXPIRY_STORE);
        try (var entries = expiry.all()) {
            assertFalse(entries.hasNext(), "the expiry index holds nothing for a forgotten job");
        }
    }

    private void passTime(Duration duration) {
        now = now.plus(duration);
        driver.advanceWallClockTime(duration);
    }

    private void arrive(Arrival arrival) {
        long at = now.toEpochMilli();
        switch (arrival) {
            case SUBMITTED -> jobs.pipeInput(JOB, new JobSubmitted(JOB, "mock/echo",
                    mapper.createObjectNode().put("input", "hi"), "alice", TTL_SECONDS, T0.toEpochMilli()), now);
            case STARTED -> events.pipeInput(JOB, new JobEvent.Started(JOB, at), now);
            case COMPLETED -> events.pipeInput(JOB,
                    new JobEvent.Completed(JOB, at, response("resp_1"), TTL_SECONDS), now);
            case FAILED -> events.pipeInput(JOB, new JobEvent.Failed(JOB, at,
                    new dev.ferry.core.job.JobError(500, "server_error", null, "boom", null), TTL_SECONDS), now);
            case CANCELLED_BY_WORKER -> events.pipeInput(JOB, new JobEvent.Cancelled(JOB, at, TTL_SECONDS), now);
            case CANCEL -> control.pipeInput(JOB, new JobControl.Cancel(JOB, at), now);
            case DELETE -> control.pipeInput(JOB, new JobControl.Delete(JOB, at), now);
            default -> throw new IllegalArgumentException(arrival.name());
        }
    }

    private static List<List<Arrival>> permutations(List<Arrival> items) {
        if (items.size() <= 1) {
            return List.of(items);
        }
        List<List<Arrival>> all = new ArrayList<>();
        for (Arrival first : items) {
            List<Arrival> rest = new ArrayList<>(items);
            rest.remove(first);
            for (List<Arrival> tail : permutations(rest)) {
                List<Arrival> order = new ArrayList<>();
                order.add(first);
                order.addAll(tail);
                all.add(order);
            }
        }
        return all;
    }

    /** A provider's answer as a completed event carries it. */
    private RawJson response(String id) {
        return RawJson.of(mapper.createObjectNode().put("id", id), mapper.writer());
    }
}
