package dev.ferry.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * Something that ended and that webhooks report: a job ({@code response.*}) or a batch ({@code batch.*}).
 *
 * @param eventId the public event's id, also the webhook event's {@code id}
 * @param type the OpenAI webhook event type, e.g. {@code response.completed}
 * @param owner the principal whose endpoints hear of it
 * @param dataId the id the event's {@code data} names: the job id (what the client's response id is) or batch id
 * @param atMs when it ended
 */
record Notice(String eventId, String type, String owner, String dataId, long atMs) {

    Notice {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(dataId, "dataId");
    }

    /** OpenAI's webhook event: {@code {"object":"event","id","type","created_at","data":{"id"}}}. */
    String payload(ObjectMapper mapper) {
        ObjectNode event = mapper.createObjectNode()
                .put("object", "event")
                .put("id", eventId)
                .put("type", type)
                .put("created_at", atMs / 1000);
        event.putObject("data").put("id", dataId);
        try {
            return mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
