package dev.ferry.faultharness;

import java.util.Arrays;
import java.util.Locale;

/** The webhook delivery faults ({@code ./fault-harness.sh --webhooks}), each on fresh topics and processes. */
enum WebhookScenario {
    DELIVERY_KILL("w1", "kill -9 of the webhooks process mid-delivery, then restart",
            "every accepted job is heard of at least once; repeats carry the same webhook-id"),
    ENDPOINT_DOWN("w2", "one endpoint refuses connections for a while, then comes back",
            "everything reaches it once it is back; the other endpoint is not delayed meanwhile");

    private final String id;
    private final String title;
    private final String expectation;

    WebhookScenario(String id, String title, String expectation) {
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

    static WebhookScenario parse(String text) {
        String normalized = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(values())
                .filter(s -> s.id.equalsIgnoreCase(text.trim()) || s.name().equals(normalized))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown webhook scenario '" + text
                        + "'; use w1 (delivery-kill) or w2 (endpoint-down)"));
    }
}
