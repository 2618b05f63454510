package dev.ferry.core.config;

import java.util.Objects;

/**
 * The public event topics besides {@code job-events} (whose name is in {@link KafkaSettings}).
 *
 * @param batchEventsTopic where the batch module reports batches that ended ({@code batch.completed}, …)
 */
public record EventSettings(String batchEventsTopic) {

    public EventSettings {
        Objects.requireNonNull(batchEventsTopic, "batchEventsTopic");
    }

    static EventSettings from(Env env) {
        return new EventSettings(env.string("FERRY_BATCH_EVENTS_TOPIC", "batch-events"));
    }
}
