package dev.ferry.core.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The worker: which lanes it takes work from, how many provider calls it keeps in flight and how long one call may take.
 *
 * @param lanes the lanes this worker takes work from: both by default, or one of them to run that kind of work on
 *     machines of its own
 * @param maxInFlight provider calls in flight at once; at the cap the consumer pauses its partitions
 * @param providerTimeout a provider call still unanswered after this fails the job with a 504
 * @param maxAttempts provider calls per job at most, retries of retryable failures included
 * @param retryBaseDelay the first retry's delay; each further retry doubles it (with jitter), up to retryMaxDelay
 * @param jobDeadline a job still queued this long after its submission fails without calling the provider
 * @param startedEventDelay a job's {@code started} event is written once it has run this long; one that ends sooner
 *     has none (zero: every job has one, written when it starts)
 */
public record WorkerSettings(
        String groupId,
        Set<WorkerLane> lanes,
        int maxInFlight,
        Duration providerTimeout,
        Duration commitInterval,
        int maxAttempts,
        Duration retryBaseDelay,
        Duration retryMaxDelay,
        Duration jobDeadline,
        Duration startedEventDelay) {

    public WorkerSettings {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(lanes, "lanes");
        if (lanes.isEmpty()) {
            throw new IllegalArgumentException("a worker takes work from at least one lane");
        }
        lanes = Set.copyOf(lanes);
        Objects.requireNonNull(providerTimeout, "providerTimeout");
        Objects.requireNonNull(commitInterval, "commitInterval");
        Objects.requireNonNull(retryBaseDelay, "retryBaseDelay");
        Objects.requireNonNull(retryMaxDelay, "retryMaxDelay");
        Objects.requireNonNull(jobDeadline, "jobDeadline");
        Objects.requireNonNull(startedEventDelay, "startedEventDelay");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be positive");
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be positive");
        }
    }

    /** True if this worker takes work from {@code lane}. */
    public boolean runs(WorkerLane lane) {
        return lanes.contains(lane);
    }

    static WorkerSettings from(Env env) {
        return new WorkerSettings(
                env.string("FERRY_WORKER_GROUP_ID", "ferry-workers"),
                lanes(env),
                env.integer("FERRY_WORKER_MAX_IN_FLIGHT", 5_000, 1, 1_000_000),
                env.seconds("FERRY_PROVIDER_TIMEOUT_SECONDS", Duration.ofSeconds(600), 1, 24 * 3600),
                env.millis("FERRY_WORKER_COMMIT_INTERVAL_MS", Duration.ofMillis(200), 10, 60_000),
                env.integer("FERRY_WORKER_MAX_ATTEMPTS", 3, 1, 100),
                env.millis("FERRY_RETRY_BASE_DELAY_MS", Duration.ofMillis(500), 1, 3_600_000),
                env.millis("FERRY_RETRY_MAX_DELAY_MS", Duration.ofSeconds(30), 1, 3_600_000),
                env.seconds("FERRY_JOB_DEADLINE_SECONDS", Duration.ofHours(24), 1, 30L * 24 * 3600),
                env.millis("FERRY_WORKER_STARTED_EVENT_DELAY_MS", Duration.ofMillis(100), 0, 60_000));
    }

    private static Set<WorkerLane> lanes(Env env) {
        Optional<String> names = env.optional("FERRY_WORKER_LANES");
        if (names.isEmpty()) {
            return EnumSet.allOf(WorkerLane.class);
        }
        Set<WorkerLane> lanes = EnumSet.noneOf(WorkerLane.class);
        for (String name : names.get().split(",")) {
            WorkerLane.named(name.trim()).ifPresentOrElse(lanes::add, () -> env.problem(
                    "FERRY_WORKER_LANES names lanes among " + Arrays.stream(WorkerLane.values())
                            .map(WorkerLane::configName).collect(Collectors.joining(", "))
                            + ", separated by commas; '" + name.trim() + "' is not one"));
        }
        return lanes.isEmpty() ? EnumSet.allOf(WorkerLane.class) : lanes;
    }
}
