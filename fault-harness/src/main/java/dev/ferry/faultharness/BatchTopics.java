package dev.ferry.faultharness;

import java.util.Map;

/** Fresh names of the batch topics and the expander group for one scenario, so no scenario reads another's batches. */
record BatchTopics(String files, String batches, String lane, String events, String expanderGroup) {

    static BatchTopics forScenario(String id) {
        return new BatchTopics("files-" + id, "batches-" + id, "jobs-batch-" + id, "batch-events-" + id,
                "ferry-batch-expander-" + id);
    }

    Map<String, String> environment() {
        return Map.of(
                "FERRY_FILES_TOPIC", files,
                "FERRY_BATCHES_TOPIC", batches,
                "FERRY_BATCH_JOBS_TOPIC", lane,
                "FERRY_BATCH_EVENTS_TOPIC", events,
                "FERRY_BATCH_EXPANDER_GROUP_ID", expanderGroup);
    }
}
