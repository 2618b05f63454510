package dev.ferry.webhooks;

import java.time.Duration;
import java.util.List;

/**
 * The delay topics: {@code <prefix>-1s}, {@code -10s}, {@code -1m}, {@code -10m} and {@code -1h}. A record waiting
 * {@code r} more goes to the longest tier not longer than {@code r} (the shortest for less than a second); each tier's
 * consumer holds a record until it has been there for the tier's delay or is due, whichever is sooner, then tries it
 * or passes it on to the tier of what remains. Every record of a tier waits the same time, so a partition's head is
 * always the next one ready and nothing waits behind a later one; a retry an hour out is at most a few hops.
 */
final class RetryTiers {

    record Tier(String topic, Duration delay) {
    }

    private static final List<Duration> DELAYS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(10),
            Duration.ofMinutes(1), Duration.ofMinutes(10), Duration.ofHours(1));
    private static final List<String> SUFFIXES = List.of("1s", "10s", "1m", "10m", "1h");

    private final List<Tier> tiers;

    RetryTiers(String prefix) {
        this.tiers = java.util.stream.IntStream.range(0, DELAYS.size())
                .mapToObj(i -> new Tier(prefix + "-" + SUFFIXES.get(i), DELAYS.get(i))).toList();
    }

    List<Tier> all() {
        return tiers;
    }

    List<String> topics() {
        return tiers.stream().map(Tier::topic).toList();
    }

    /** The tier a record still {@code remainingMs} from due goes to. */
    Tier forRemaining(long remainingMs) {
        Tier chosen = tiers.get(0);
        for (Tier tier : tiers) {
            if (tier.delay().toMillis() <= remainingMs) {
                chosen = tier;
            }
        }
        return chosen;
    }

    Tier byTopic(String topic) {
        return tiers.stream().filter(tier -> tier.topic().equals(topic)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a delay topic: " + topic));
    }
}
