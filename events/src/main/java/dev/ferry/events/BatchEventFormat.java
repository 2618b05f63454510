package dev.ferry.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** How {@link BatchEvent}s travel on {@code batch-events}: {@code ce_*} headers and {@code batch-event.v1.json}. */
public final class BatchEventFormat implements Serde<BatchEvent> {

    private final ObjectMapper mapper;
    private final CloudEventEncoding encoding = new CloudEventEncoding();

    public BatchEventFormat(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ObjectNode toJson(BatchEvent event) {
        ObjectNode json = mapper.createObjectNode()
                .put("id", event.id())
                .put("type", event.status())
                .put("batch_id", event.batchId())
                .put("at_ms", event.atMs())
                .put("status", event.status())
                .put("owner", event.owner());
        if (!event.metadata().isEmpty()) {
            ObjectNode metadata = json.putObject("metadata");
            event.metadata().forEach(metadata::put);
        }
        if (event.requestCounts() != null) {
            json.putObject("request_counts").put("total", event.requestCounts().total())
                    .put("completed", event.requestCounts().completed()).put("failed", event.requestCounts().failed());
        }
        if (event.outputFileId() != null) {
            json.put("output_file_id", event.outputFileId());
        }
        if (event.errorFileId() != null) {
            json.put("error_file_id", event.errorFileId());
        }
        return json;
    }

    BatchEvent fromJson(JsonNode json) {
        Map<String, String> metadata = new LinkedHashMap<>();
        json.path("metadata").fields().forEachRemaining(entry -> metadata.put(entry.getKey(), entry.getValue().asText()));
        JsonNode counts = json.get("request_counts");
        return new BatchEvent(json.path("batch_id").asText(), json.path("status").asText(), json.path("at_ms").asLong(),
                json.path("owner").asText(), metadata,
                counts == null ? null : new BatchEvent.RequestCounts(counts.path("total").asLong(),
                        counts.path("completed").asLong(), counts.path("failed").asLong()),
                json.hasNonNull("output_file_id") ? json.get("output_file_id").asText() : null,
                json.hasNonNull("error_file_id") ? json.get("error_file_id").asText() : null);
    }

    @Override
    public Serializer<BatchEvent> serializer() {
        return encoding.serializer(mapper, "batch", this::toJson, event -> new CloudEventEncoding.Attributes(
                event.id(), EventTypes.BATCH_SOURCE, EventTypes.BATCH_PREFIX + event.status(), event.atMs(),
                event.batchId(), EventTypes.BATCH_SCHEMA));
    }

    @Override
    public Deserializer<BatchEvent> deserializer() {
        return CloudEventEncoding.deserializer("batch", value -> fromJson(mapper.readTree(value)));
    }
}
