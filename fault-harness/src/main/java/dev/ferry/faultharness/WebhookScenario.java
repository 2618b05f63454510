package dev.ferry.faultharness;

/** The webhook delivery faults ({@code ./fault-harness.sh --webhooks}), each on fresh topics and processes. */
enum WebhookScenario implements HarnessScenario {
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

    @Override
    public String id() {
        return id;
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public String expectation() {
        return expectation;
    }

    static WebhookScenario parse(String text) {
        return HarnessScenario.parse(WebhookScenario.class, text, "webhook scenario");
    }
}
