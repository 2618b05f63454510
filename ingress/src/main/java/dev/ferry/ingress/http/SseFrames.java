package dev.ferry.ingress.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.job.JobError;
import dev.ferry.providers.StreamFailureEvent;
import java.nio.charset.StandardCharsets;

/** The bytes of SSE frames: {@code event: <type>\ndata: <json>\n\n}, and the terminal frame of a broken stream. */
final class SseFrames {

    private SseFrames() {
    }

    /** One frame; data spanning several lines gets one {@code data:} line each, as SSE requires. */
    static byte[] frame(String event, String data) {
        StringBuilder frame = new StringBuilder(event.length() + data.length() + 16);
        frame.append("event: ").append(event).append('\n');
        int start = 0;
        int end;
        while ((end = data.indexOf('\n', start)) >= 0) {
            frame.append("data: ").append(data, start, end).append('\n');
            start = end + 1;
        }
        frame.append("data: ").append(data, start, data.length()).append("\n\n");
        return frame.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The last frame of a stream that broke off ({@link StreamFailureEvent}).
     *
     * @param responseId the {@code response.id} seen in earlier events, or null
     * @param model the {@code response.model} seen in earlier events (or the requested model)
     * @param sequenceNumber the number this event takes, one past the last one sent
     */
    static byte[] failure(JobError error, String responseId, String model, long sequenceNumber) {
        ObjectNode event = StreamFailureEvent.of(error, responseId, model, sequenceNumber);
        return frame(event.get("type").asText(), event.toString());
    }
}
