package dev.ferry.statestore.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.core.error.FerryException;
import dev.ferry.core.job.JobRecord;
import dev.ferry.core.job.JobStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

/**
 * A lookup goes where Kafka Streams places the job: this instance's active partition, the instance where it is
 * active, or, when that one does not answer, a standby copy, which may serve a job the caller may see but never says
 * "not found". No answer blocks: a lookup asked elsewhere completes when the other instance answers.
 */
class ClusterJobReadsTest {

    private static final String JOB = "3c1f6e2a-8b4d-4f7e-9a0b-1c2d3e4f5a6b";
    private static final long NOW = 1_796_040_000_000L;
    private static final HostInfo SELF = new HostInfo("10.0.0.1", 8080);
    private static final HostInfo OTHER = new HostInfo("10.0.0.2", 8080);
    private static final HostInfo THIRD = new HostInfo("10.0.0.3", 8080);

    private KeyQueryMetadata where;
    private final Map<String, JobRecord> activeHere = new HashMap<>();
    private final Map<String, JobRecord> copiesHere = new HashMap<>();
    private final FakeInstances others = new FakeInstances();
    private final ClusterJobReads reads = new ClusterJobReads(jobId -> where,
            new LocalJobReads((jobId, partition) -> activeHere.get(jobId),
                    partition -> CompletableFuture.completedFuture(null), () -> NOW),
            (jobId, partition) -> copiesHere.get(jobId), others, SELF, () -> NOW);

    /** Other instances whose answers the test decides. */
    private static final class FakeInstances implements ClusterJobReads.OtherInstances {
        final Map<HostInfo, CompletableFuture<Optional<JobRecord>>> active = new HashMap<>();
        final Map<HostInfo, CompletableFuture<Optional<JobRecord>>> standby = new HashMap<>();
        final List<HostInfo> asked = new ArrayList<>();

        @Override
        public CompletableFuture<Optional<JobRecord>> find(HostInfo host, String jobId, String owner) {
            asked.add(host);
            return active.getOrDefault(host, didNotAnswer(host));
        }

        @Override
        public CompletableFuture<Optional<JobRecord>> findOnStandby(HostInfo host, String jobId, String owner) {
            asked.add(host);
            return standby.getOrDefault(host, didNotAnswer(host));
        }
    }

    private static CompletableFuture<Optional<JobRecord>> didNotAnswer(HostInfo host) {
        return CompletableFuture.failedFuture(
                new FerryException.StoreUnavailable(host + " did not answer", Duration.ofSeconds(1)));
    }

    private static JobRecord job(String owner, JobStatus status) {
        return new JobRecord(JOB, status, owner, "mock/echo", NOW - 1000, null, null, 60, NOW + 60_000, null, null);
    }

    private static KeyQueryMetadata placed(HostInfo activeHost, HostInfo... standbys) {
        return new KeyQueryMetadata(activeHost, Set.of(standbys), 3);
    }

    private static FerryException.StoreUnavailable unavailable(CompletableFuture<?> lookup) {
        CompletionException failure = assertThrows(CompletionException.class, lookup::join);
        return assertInstanceOf(FerryException.StoreUnavailable.class, failure.getCause());
    }

    @Test
    void shouldAnswerTheOwnersJobFromThePartitionActiveHere() {
        where = placed(SELF);
        activeHere.put(JOB, job("team-a", JobStatus.COMPLETED));

        assertEquals(JobStatus.COMPLETED, reads.find(JOB, "team-a").join().orElseThrow().status());
        assertEquals(List.of(), others.asked);
    }

    @Test
    void shouldAnswerSomeoneElsesJobHereAsNotFound() {
        where = placed(SELF);
        activeHere.put(JOB, job("team-a", JobStatus.COMPLETED));

        assertEquals(Optional.empty(), reads.find(JOB, "team-b").join());
    }

    @Test
    void shouldAnswerWithWhatTheActiveInstanceAnswersOnceItAnswers() {
        where = placed(OTHER);
        CompletableFuture<Optional<JobRecord>> answer = new CompletableFuture<>();
        others.active.put(OTHER, answer);

        CompletableFuture<Optional<JobRecord>> lookup = reads.find(JOB, "team-a");
        assertFalse(lookup.isDone(), "nothing waits for the other instance");
        answer.complete(Optional.of(job("team-a", JobStatus.IN_PROGRESS)));

        assertEquals(JobStatus.IN_PROGRESS, lookup.join().orElseThrow().status());
    }

    @Test
    void shouldTrustTheActiveInstancesNotFoundWithoutAskingStandbys() {
        where = placed(OTHER, THIRD);
        others.active.put(OTHER, CompletableFuture.completedFuture(Optional.empty()));

        assertEquals(Optional.empty(), reads.find(JOB, "team-a").join());
        assertEquals(List.of(OTHER), others.asked);
    }

    @Test
    void shouldServeAVisibleJobFromAStandbyInstanceWhenTheActiveOneDoesNotAnswer() {
        where = placed(OTHER, THIRD);
        others.standby.put(THIRD, CompletableFuture.completedFuture(Optional.of(job("team-a", JobStatus.QUEUED))));

        assertEquals(JobStatus.QUEUED, reads.find(JOB, "team-a").join().orElseThrow().status());
        assertEquals(List.of(OTHER, THIRD), others.asked);
    }

    @Test
    void shouldServeAVisibleJobFromThisInstancesStandbyCopyWhenTheActiveOneDoesNotAnswer() {
        where = placed(OTHER, SELF);
        copiesHere.put(JOB, job("team-a", JobStatus.QUEUED));

        assertEquals(JobStatus.QUEUED, reads.find(JOB, "team-a").join().orElseThrow().status());
    }

    @Test
    void shouldAnswer503NotNotFoundWhenNoStandbyCopyHasAVisibleJob() {
        where = placed(OTHER, SELF, THIRD);
        copiesHere.put(JOB, job("team-a", JobStatus.QUEUED));
        others.standby.put(THIRD, CompletableFuture.completedFuture(Optional.empty()));

        assertTrue(unavailable(reads.find(JOB, "team-b")).getMessage().contains(OTHER.toString()),
                "the active instance's silence is what the caller hears");
    }

    @Test
    void shouldAskOnlyStandbysWhileThePartitionIsBetweenActiveOwners() {
        where = placed(HostInfo.unavailable(), SELF);
        copiesHere.put(JOB, job("team-a", JobStatus.QUEUED));

        assertEquals(JobStatus.QUEUED, reads.find(JOB, "team-a").join().orElseThrow().status());
        unavailable(reads.find(JOB, "team-b"));
        assertEquals(List.of(), others.asked);
    }

    @Test
    void shouldServeAVisibleLocalCopyWhileKafkaStreamsCannotPlaceTheJob() {
        where = null;
        copiesHere.put(JOB, job("team-a", JobStatus.QUEUED));

        assertEquals(JobStatus.QUEUED, reads.find(JOB, "team-a").join().orElseThrow().status());
        unavailable(reads.find(JOB, "team-b"));
    }

    @Test
    void shouldAnswerOtherInstancesFromTheActivePartitionOnly() {
        where = placed(SELF);
        copiesHere.put(JOB, job("team-a", JobStatus.QUEUED));

        assertEquals(Optional.empty(), reads.local().find(JOB, "team-a").join());
        where = null;
        unavailable(reads.local().find(JOB, "team-a"));
    }

    @Test
    void shouldNeverAnswerNotFoundFromAStandbyCopy() {
        where = placed(OTHER, SELF);
        copiesHere.put(JOB, job("team-a", JobStatus.DELETED));

        unavailable(reads.standby().find(JOB, "team-a"));
        copiesHere.put(JOB, job("team-a", JobStatus.COMPLETED));
        assertEquals(JobStatus.COMPLETED, reads.standby().find(JOB, "team-a").join().orElseThrow().status());
    }

    @Test
    void shouldFailRatherThanThrowWhenTheStoreIsNotRunning() {
        FerryException.StoreUnavailable stopped =
                new FerryException.StoreUnavailable("the job store is pending_shutdown", Duration.ofSeconds(1));
        ClusterJobReads stopping = new ClusterJobReads(jobId -> {
            throw stopped;
        }, null, null, others, SELF, () -> NOW);

        assertSame(stopped, unavailable(stopping.find(JOB, "team-a")));
    }
}
