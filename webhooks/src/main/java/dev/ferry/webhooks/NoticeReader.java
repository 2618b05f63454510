package dev.ferry.webhooks;

import dev.ferry.events.BatchEvent;
import dev.ferry.events.EventTopics;
import dev.ferry.events.EventTypes;
import dev.ferry.events.PublicJobEvent;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Turns public events into {@link Notice}s: a job that ended becomes {@code response.<status>} (unless it is a line of
 * a batch: batches report once, as a whole), a batch that ended {@code batch.<status>}. Everything else (a job that
 * started, say) is nothing to report; records whose {@code ce_type} says so are skipped without reading their value.
 */
final class NoticeReader {

    private static final Set<String> TERMINAL_JOB_TYPES = Set.of(EventTypes.JOB_PREFIX + "completed",
            EventTypes.JOB_PREFIX + "failed", EventTypes.JOB_PREFIX + "cancelled");

    private final EventTopics topics;

    NoticeReader(EventTopics topics) {
        this.topics = topics;
    }

    Optional<Notice> read(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return Optional.empty();
        }
        Header type = record.headers().lastHeader("ce_type");
        String ceType = type == null ? null : new String(type.value(), StandardCharsets.UTF_8);
        if (record.topic().equals(topics.batchEvents().name())) {
            BatchEvent batch = topics.batchEvents().valueSerde().deserializer().deserialize(record.topic(), record.value());
            if (!batch.isTerminal()) {
                return Optional.empty();
            }
            return Optional.of(new Notice(batch.id(), "batch." + batch.status(), batch.owner(), batch.batchId(),
                    batch.atMs()));
        }
        if (ceType != null && !TERMINAL_JOB_TYPES.contains(ceType)) {
            return Optional.empty();
        }
        PublicJobEvent event = topics.jobEvents().valueSerde().deserializer().deserialize(record.topic(), record.value());
        if (!event.isTerminal() || event.job().batchId() != null) {
            return Optional.empty();
        }
        return Optional.of(new Notice(event.id(), "response." + event.status().wire(), event.job().owner(),
                event.event().jobId(), event.event().atMs()));
    }
}
