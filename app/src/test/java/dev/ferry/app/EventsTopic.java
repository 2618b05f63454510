package dev.ferry.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.embeddedkafka.KafkaBroker;
import dev.ferry.testsupport.TopicContents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads Ferry's topics the way an event-driven integration would: a plain consumer from the beginning. */
final class EventsTopic {

    private EventsTopic() {
    }

    /** The {@code job-events} of one job, in order, as JSON. */
    static List<JsonNode> read(RunningFerry ferry, String jobId) {
        String bootstrap = ferry.environment().get("KAFKA_BOOTSTRAP_SERVERS");
        List<JsonNode> events = new ArrayList<>();
        for (ConsumerRecord<String, String> record : readAll(bootstrap, ferry.environment().get("FERRY_JOB_EVENTS_TOPIC"))) {
            if (record.key().equals(jobId)) {
                try {
                    events.add(RunningFerry.JSON.readTree(record.value()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return events;
    }

    static List<ConsumerRecord<String, String>> readAll(KafkaBroker kafka, String topic) {
        return readAll(kafka.bootstrapServers(), topic);
    }

    /** Every record {@code topic} held when this was called; see {@link TopicContents}. */
    static List<ConsumerRecord<String, String>> readAll(String bootstrapServers, String topic) {
        return TopicContents.read(bootstrapServers, topic);
    }
}
