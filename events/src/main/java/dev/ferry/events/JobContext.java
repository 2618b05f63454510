package dev.ferry.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.job.JobEnvelope;
import dev.ferry.core.job.JobSubmitted;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What every public event says about the job it reports on besides the event itself: who owns it, the client's
 * correlation data and the batch it is a line of.
 *
 * @param owner id of the principal that submitted the job, never a secret
 * @param metadata the request's OpenAI {@code metadata} map (string values only, as OpenAI accepts); empty if none
 * @param batchId the batch the job is a line of, or null
 * @param customId the line's {@code custom_id}, or null
 */
public record JobContext(String owner, Map<String, String> metadata, String batchId, String customId) {

    public JobContext {
        Objects.requireNonNull(owner, "owner");
        metadata = Map.copyOf(metadata);
    }

    /** The context of a job whose request was read. */
    public static JobContext of(JobSubmitted job) {
        return new JobContext(job.owner(), metadata(job.request()), job.envelope().batchId(),
                job.envelope().customId());
    }

    /** The context of a job whose request could not be read: no metadata. */
    public static JobContext of(JobEnvelope envelope) {
        return new JobContext(envelope.owner(), Map.of(), envelope.batchId(), envelope.customId());
    }

    private static Map<String, String> metadata(ObjectNode request) {
        JsonNode metadata = request.get("metadata");
        Map<String, String> copy = new LinkedHashMap<>();
        if (metadata != null && metadata.isObject()) {
            metadata.fields().forEachRemaining(entry -> {
                if (entry.getValue().isTextual()) {
                    copy.put(entry.getKey(), entry.getValue().asText());
                }
            });
        }
        return copy;
    }
}
