package dev.ferry.faultharness;

import java.util.Arrays;
import java.util.Locale;

/** The faults the harness injects, one per scenario, each on fresh topics and fresh Ferry processes. */
enum Scenario {
    WORKER_KILL("a", "kill -9 of a worker mid provider call, then restart",
            "the killed worker's unfinished jobs run again elsewhere; each visible result is the first one"),
    GATEWAY_KILL("b", "kill -9 of a gateway right after one of its 2xx, then restart",
            "every job a 2xx was sent for is on Kafka and terminal; polls of the dead gateway's store partitions "
                    + "answer 503, never 404"),
    BROKER_KILL("c", "kill -9 of the leader of jobs partition 0, then restart",
            "acks=all with min.insync.replicas=2 keeps every acknowledged job; submits may fail meanwhile");

    private final String id;
    private final String title;
    private final String expectation;

    Scenario(String id, String title, String expectation) {
        this.id = id;
        this.title = title;
        this.expectation = expectation;
    }

    String id() {
        return id;
    }

    String title() {
        return title;
    }

    String expectation() {
        return expectation;
    }

    /** {@code a}, {@code worker-kill} or {@code WORKER_KILL}. */
    static Scenario parse(String text) {
        String normalized = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(values())
                .filter(s -> s.id.equalsIgnoreCase(text.trim()) || s.name().equals(normalized))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown scenario '" + text
                        + "'; use a (worker-kill), b (gateway-kill) or c (broker-kill)"));
    }
}
