package dev.ferry.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.job.JobEvent;
import dev.ferry.core.serde.RawJson;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * How {@link PublicJobEvent}s travel on {@code job-events}: CloudEvents {@code ce_*} headers
 * ({@link CloudEventEncoding}) and a JSON value laid out by {@code schemas/job-event.v1.json}. The value is a superset
 * of {@link JobEvent}'s JSON, which is all the job store reads of it.
 */
public final class JobEventFormat implements Serde<PublicJobEvent> {

    private final ObjectMapper mapper;
    private final ObjectReader eventReader;
    private final CloudEventEncoding encoding = new CloudEventEncoding();

    /** @param mapper the mapper of Ferry's records ({@code Json.newMapper()}) */
    public JobEventFormat(ObjectMapper mapper) {
        this.mapper = mapper;
        this.eventReader = mapper.readerFor(JobEvent.class);
    }

    /** The value's JSON. The response is embedded as its bytes, not copied into the tree. */
    ObjectNode toJson(PublicJobEvent published) {
        JobEvent event = published.event();
        JobContext job = published.job();
        ObjectNode json = mapper.createObjectNode()
                .put("id", published.id())
                .put("type", published.kind())
                .put("job_id", event.jobId())
                .put("at_ms", event.atMs())
                .put("status", published.status().wire())
                .put("owner", job.owner());
        if (!job.metadata().isEmpty()) {
            ObjectNode metadata = json.putObject("metadata");
            job.metadata().forEach(metadata::put);
        }
        if (job.batchId() != null) {
            json.put("batch_id", job.batchId()).put("custom_id", job.customId());
        }
        if (event instanceof JobEvent.Completed completed) {
            json.putRawValue(JobEvent.RESPONSE_FIELD, completed.response().asTreeValue());
            json.put("result_ttl_seconds", completed.resultTtlSeconds());
        } else if (event instanceof JobEvent.Failed failed) {
            json.set("error", mapper.valueToTree(failed.error()));
            json.put("result_ttl_seconds", failed.resultTtlSeconds());
        } else if (event instanceof JobEvent.Cancelled cancelled) {
            json.put("result_ttl_seconds", cancelled.resultTtlSeconds());
        }
        return json;
    }

    PublicJobEvent fromJson(JsonNode json) throws IOException {
        JobEvent event = eventReader.readValue(json);
        Map<String, String> metadata = new LinkedHashMap<>();
        json.path("metadata").fields().forEachRemaining(entry -> metadata.put(entry.getKey(), entry.getValue().asText()));
        JobContext job = new JobContext(json.path("owner").asText(), metadata, text(json, "batch_id"),
                text(json, "custom_id"));
        return new PublicJobEvent(event, job);
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    @Override
    public Serializer<PublicJobEvent> serializer() {
        return encoding.serializer(mapper, "job", this::toJson, published -> new CloudEventEncoding.Attributes(
                published.id(), EventTypes.JOB_SOURCE, EventTypes.JOB_PREFIX + published.kind(),
                published.event().atMs(), published.event().jobId(), EventTypes.JOB_SCHEMA));
    }

    /** A completed event's response is cut out of the value as bytes, not parsed into a tree. */
    @Override
    public Deserializer<PublicJobEvent> deserializer() {
        return CloudEventEncoding.deserializer("job",
                value -> fromJson(RawJson.readObjectKeepingRaw(value, JobEvent.RESPONSE_FIELD, mapper)));
    }
}
