package dev.ferry.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.core.config.BatchSettings;
import dev.ferry.core.config.KafkaSettings;
import dev.ferry.core.topic.Topic;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Ferry's public topics, built once by the launcher. {@code job-events} (writer: workers; key: job id) is the job
 * store's input and the public contract at once; {@code batch-events} (writer: the job store, which folds batch progress; key: batch id).
 */
public record EventTopics(Topic<String, PublicJobEvent> jobEvents, Topic<String, BatchEvent> batchEvents) {

    public static EventTopics create(KafkaSettings kafka, BatchSettings batch, ObjectMapper mapper) {
        return new EventTopics(
                new Topic<>(kafka.jobEventsTopic(), Serdes.String(), new JobEventFormat(mapper)),
                new Topic<>(batch.batchEventsTopic(), Serdes.String(), new BatchEventFormat(mapper)));
    }
}
