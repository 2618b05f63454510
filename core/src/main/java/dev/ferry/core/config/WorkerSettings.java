package dev.ferry.core.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The worker: how many provider calls it keeps in flight and how long one call may take.
 *
 * @param maxInFlight provider calls in flight at once; at the cap the consumer pauses its partitions
 * @param providerTimeout a provider call still unanswered after this fails the job with a 504
 */
public record WorkerSettings(String groupId, int maxInFlight, Duration providerTimeout, Duration commitInterval) {

    public WorkerSettings {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(providerTimeout, "providerTimeout");
        Objects.requireNonNull(commitInterval, "commitInterval");
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be positive");
        }
    }

    static WorkerSettings from(Env env) {
        return new WorkerSettings(
                env.string("FERRY_WORKER_GROUP_ID", "ferry-workers"),
                env.integer("FERRY_WORKER_MAX_IN_FLIGHT", 5_000, 1, 1_000_000),
                env.seconds("FERRY_PROVIDER_TIMEOUT_SECONDS", Duration.ofSeconds(600), 1, 24 * 3600),
                env.millis("FERRY_WORKER_COMMIT_INTERVAL_MS", Duration.ofMillis(200), 10, 60_000));
    }
}
