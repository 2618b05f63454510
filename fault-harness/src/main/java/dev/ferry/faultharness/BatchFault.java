package dev.ferry.faultharness;

/** The faults of the batch scenarios: one process killed with SIGKILL while a batch runs, then restarted. */
enum BatchFault implements HarnessScenario {
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

    /** {@code ba}, {@code worker-kill} or {@code WORKER_KILL}. */
    static BatchFault parse(String text) {
        return HarnessScenario.parse(BatchFault.class, text, "batch scenario");
    }
}
