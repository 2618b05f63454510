package dev.ferry.core.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The two kinds of work a worker takes, each from a topic and consumer group of its own. A deployment may give a worker
 * only one of them ({@code FERRY_WORKER_LANES}), for instance to run batch lines on machines apart from the ones that
 * serve interactive jobs.
 */
public enum WorkerLane {
    /** Async and background jobs from {@code jobs}. */
    INTERACTIVE,
    /** Batch lines from {@code jobs-batch}. */
    BATCH;

    /** The lane's name as configured: {@code interactive} or {@code batch}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<WorkerLane> named(String name) {
        return Arrays.stream(values()).filter(lane -> lane.configName().equals(name)).findFirst();
    }
}
