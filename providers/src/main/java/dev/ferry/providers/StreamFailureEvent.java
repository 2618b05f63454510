package dev.ferry.providers;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.job.JobError;

/**
 * The last event of a Responses stream that broke off, as Bifrost sends it (and OpenAI's SDKs read it):
 * {@code response.failed} carrying the response's identity when the client has already seen one, otherwise a bare
 * {@code error} event. The synchronous relay and the worker's background streams both end a failed stream with it.
 */
public final class StreamFailureEvent {

    private StreamFailureEvent() {
    }

    /**
     * @param responseId the {@code response.id} the client has seen, or null
     * @param model the {@code response.model} seen in earlier events (or the requested model)
     * @param sequenceNumber the number this event takes, one past the last one sent
     */
    public static ObjectNode of(JobError error, String responseId, String model, long sequenceNumber) {
        String code = error.code() != null ? error.code() : error.type();
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        if (responseId != null) {
            event.put("type", "response.failed");
            event.put("sequence_number", sequenceNumber);
            ObjectNode response = event.putObject("response");
            response.put("id", responseId);
            response.put("object", "response");
            response.put("model", model);
            response.put("status", "failed");
            ObjectNode detail = response.putObject("error");
            detail.put("code", code);
            detail.put("message", error.message());
        } else {
            event.put("type", "error");
            event.put("sequence_number", sequenceNumber);
            event.put("code", code);
            event.put("message", error.message());
            event.put("param", error.param());
        }
        return event;
    }
}
