package dev.ferry.faultharness;

import java.util.Map;

/** Fresh Kafka names for one scenario, so its audit reads only its own records. */
record ScenarioTopics(String jobs, String jobEvents, String jobControl, String deadLetters, String storeApplicationId,
        String workerGroup) {

    static ScenarioTopics forScenario(String id) {
        return new ScenarioTopics("jobs-" + id, "job-events-" + id, "job-control-" + id, "jobs-dlq-" + id,
                "ferry-job-state-" + id, "ferry-workers-" + id);
    }

    Map<String, String> environment() {
        return Map.of(
                "FERRY_JOBS_TOPIC", jobs,
                "FERRY_JOB_EVENTS_TOPIC", jobEvents,
                "FERRY_JOB_CONTROL_TOPIC", jobControl,
                "FERRY_DEAD_LETTER_TOPIC", deadLetters,
                "FERRY_STORE_APPLICATION_ID", storeApplicationId,
                "FERRY_WORKER_GROUP_ID", workerGroup);
    }
}
