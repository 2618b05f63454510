package dev.ferry.core.job;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * One event of a streamed background response, as a record of the {@code job-streams} topic (key = job id, one
 * writer: the worker running the job). The value is the event's JSON exactly as clients receive it in the SSE
 * {@code data:} line; the headers carry what a gateway needs to relay it without parsing the value: the event's type
 * (its SSE event name) and its sequence number.
 *
 * @param type the SSE event name ({@code response.output_text.delta}, …); a type in {@code ferry.} is Ferry's own and
 *     never relayed ({@link #END}: the stream ends here without a further event, e.g. after a cancel)
 * @param sequence the event's {@code sequence_number}, from 0 in each run of the job
 * @param data the event's JSON, UTF-8
 */
public record JobStreamEvent(String jobId, String type, long sequence, byte[] data) {

    public static final String TYPE_HEADER = "ferry-event-type";
    public static final String SEQUENCE_HEADER = "ferry-sequence";
    /** Ends a stream that has no terminal event of its own (the job was cancelled). */
    public static final String END = "ferry.end";
    /** The events after which a Responses stream has nothing more to say. */
    public static final Set<String> TERMINAL_TYPES =
            Set.of("response.completed", "response.failed", "response.incomplete", "error", END);

    public JobStreamEvent {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
    }

    public boolean isTerminal() {
        return TERMINAL_TYPES.contains(type);
    }

    /** True for Ferry's own control events, which clients never see. */
    public boolean isControl() {
        return type.startsWith("ferry.");
    }

    public Headers headers() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(TYPE_HEADER, type.getBytes(StandardCharsets.UTF_8));
        headers.add(SEQUENCE_HEADER, Long.toString(sequence).getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    /** Reads a record of the topic; empty when it lacks Ferry's headers. */
    public static Optional<JobStreamEvent> of(String jobId, Headers headers, byte[] data) {
        Header type = headers.lastHeader(TYPE_HEADER);
        Header sequence = headers.lastHeader(SEQUENCE_HEADER);
        if (type == null || sequence == null || data == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new JobStreamEvent(jobId, new String(type.value(), StandardCharsets.UTF_8),
                    Long.parseLong(new String(sequence.value(), StandardCharsets.UTF_8)), data));
        } catch (NumberFormatException notFerrys) {
            return Optional.empty();
        }
    }
}
