package dev.ferry.providers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One server-sent event of a streamed Responses answer, as the provider sent it.
 *
 * @param type the SSE event name (for the Responses API it equals {@code data.type}); taken from {@code data.type}
 *     when the provider sent no {@code event:} line
 * @param data the event's data exactly as received; several {@code data:} lines are joined with {@code \n}
 * @param json {@code data} parsed, always a JSON object; for reading fields, never for re-serializing
 */
public record StreamEvent(String type, String data, JsonNode json) {

    public StreamEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(json, "json");
    }
}
