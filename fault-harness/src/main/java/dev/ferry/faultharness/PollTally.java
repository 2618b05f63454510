package dev.ferry.faultharness;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Poll answers counted by kind: {@code answered} (200/202), {@code 503}, {@code 404}, {@code no answer} (a dead
 * gateway), other statuses as {@code http <status>}; and how many of the 503s carried {@code Retry-After}.
 */
record PollTally(Map<String, Integer> byKind, int unavailableWithRetryAfter) {

    static final String NOT_FOUND = "404";
    static final String UNAVAILABLE = "503";

    PollTally {
        byKind = Map.copyOf(byKind);
    }

    static PollTally of(Collection<PollWatcher.Poll> polls) {
        Map<String, Integer> byKind = new TreeMap<>();
        int withRetryAfter = 0;
        for (PollWatcher.Poll poll : polls) {
            byKind.merge(kind(poll.status()), 1, Integer::sum);
            withRetryAfter += poll.status() == 503 && poll.retryAfter() ? 1 : 0;
        }
        return new PollTally(byKind, withRetryAfter);
    }

    static String kind(int status) {
        return switch (status) {
            case 200, 202 -> "answered";
            case 503 -> UNAVAILABLE;
            case -1 -> "no answer";
            case 404 -> NOT_FOUND;
            default -> "http " + status;
        };
    }

    int count(String kind) {
        return byKind.getOrDefault(kind, 0);
    }

    int total() {
        return byKind.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** E.g. {@code answered 420, no answer 129, 503 105 (105 with Retry-After)}. */
    String describe() {
        if (byKind.isEmpty()) {
            return "none";
        }
        return new TreeMap<>(byKind).entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue() + (e.getKey().equals(UNAVAILABLE)
                        ? " (" + unavailableWithRetryAfter + " with Retry-After)" : ""))
                .collect(Collectors.joining(", "));
    }
}
