package dev.ferry.faultharness;

/** The faults the harness injects, one per scenario, each on fresh topics and fresh Ferry processes. */
enum Scenario implements HarnessScenario {
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

    /** {@code a}, {@code worker-kill} or {@code WORKER_KILL}. */
    static Scenario parse(String text) {
        return HarnessScenario.parse(Scenario.class, text, "scenario");
    }
}
