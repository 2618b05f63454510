package dev.ferry.faultharness;

import java.util.Arrays;
import java.util.Locale;

/** The faults of the batch scenarios: one process killed with SIGKILL while a batch runs, then restarted. */
enum BatchFault {
    WORKER_KILL("ba", "kill -9 of a worker mid-batch, then restart",
            "its unfinished lines run again elsewhere; every custom_id is in the output or error file exactly once"),
    GATEWAY_KILL("bb", "kill -9 of the gateway expanding the batch, mid-expansion, then restart",
            "the other gateway takes the expansion over from its cursor: no line lost, none written twice"),
    BROKER_KILL("bc", "kill -9 of the leader of the batch lane's partition mid-batch, then restart",
            "acks=all keeps every line; the batch completes with every custom_id exactly once");

    private final String id;
    private final String title;
    private final String expectation;

    BatchFault(String id, String title, String expectation) {
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

    /** {@code ba}, {@code worker-kill} or {@code WORKER_KILL}. */
    static BatchFault parse(String text) {
        String normalized = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(values())
                .filter(f -> f.id.equalsIgnoreCase(text.trim()) || f.name().equals(normalized))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown batch scenario '" + text
                        + "'; use ba (worker-kill), bb (gateway-kill) or bc (broker-kill)"));
    }
}
