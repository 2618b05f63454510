package dev.ferry.ingress.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.job.JobError;
import dev.ferry.core.job.JobRecord;
import dev.ferry.core.job.JobStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** The JSON bodies that describe a job on the wire: OpenAI-shaped for the integration routes, Bifrost's envelope for
 * {@code /v1/async/responses}. */
final class JobBodies {

    /** Room for a response without result, so that writing one rarely grows the buffer. */
    private static final int RESPONSE_WITHOUT_RESULT_CHARS = 320;

    private final ObjectMapper mapper;
    private final ObjectWriter writer;

    JobBodies(ObjectMapper mapper) {
        this.mapper = mapper;
        this.writer = mapper.writer();
    }

    /**
     * A body as the UTF-8 bytes an answer carries, written straight into bytes ({@code JsonNode.toString()} writes
     * chars that the answer then encodes again).
     */
    byte[] bytes(JsonNode body) {
        try {
            return writer.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    /**
     * A Responses object standing for a job that has no result yet, as the bytes a submit or a poll answers with; its
     * {@code id} is the job id.
     */
    byte[] pendingResponse(String jobId, JobStatus status, String model, long createdAtMs) {
        return responseWithoutResult(jobId, status, model, createdAtMs, null, null, false);
    }

    /**
     * A background job as OpenAI's background mode shows it: always {@code id} = job id and {@code background:true};
     * the provider's response once completed, {@code status:"failed"} with {@code error:{code,message}} once failed.
     */
    byte[] backgroundResponse(JobRecord job) {
        if (job.status() == JobStatus.COMPLETED && job.response() != null
                && job.response().tree(mapper) instanceof ObjectNode body) {
            body.put("id", job.jobId());
            body.put("background", true);
            return bytes(body);
        }
        return responseWithoutResult(job.jobId(), job.status(), job.model(), job.createdAtMs(), job.completedAtMs(),
                job.error(), true);
    }

    /** A stream event's start: {@code {"type":…,"sequence_number":…}}. */
    ObjectNode streamEvent(String type, long sequenceNumber) {
        ObjectNode event = mapper.createObjectNode();
        event.put("type", type);
        event.put("sequence_number", sequenceNumber);
        return event;
    }

    /** An {@code error} stream event of the gateway's own. */
    ObjectNode streamError(String message, long sequenceNumber) {
        ObjectNode event = streamEvent("error", sequenceNumber);
        event.put("code", "stream_interrupted");
        event.put("message", message);
        event.putNull("param");
        return event;
    }

    /** OpenAI's answer to a delete. */
    ObjectNode deleted(String jobId) {
        ObjectNode body = mapper.createObjectNode();
        body.put("id", jobId);
        body.put("object", "response");
        body.put("deleted", true);
        return body;
    }

    /**
     * A Responses object without output. Every submit and every poll of an unfinished job answers with one, so it is
     * written as text around its few variable fields (strings JSON-escaped): a JSON tree, or even a JSON generator,
     * cost a poll more than its read from the store.
     *
     * @param error written as OpenAI's {@code {code, message}}, or null
     */
    private static byte[] responseWithoutResult(String jobId, JobStatus status, String model, long createdAtMs,
            Long completedAtMs, JobError error, boolean background) {
        StringBuilder json = new StringBuilder(RESPONSE_WITHOUT_RESULT_CHARS);
        json.append("{\"id\":");
        quoted(json, jobId);
        json.append(",\"object\":\"response\",\"created_at\":").append(createdAtMs / 1000);
        json.append(",\"status\":");
        quoted(json, status.wire());
        json.append(",\"completed_at\":");
        if (completedAtMs == null) {
            json.append("null");
        } else {
            json.append(completedAtMs / 1000);
        }
        json.append(",\"error\":");
        if (error == null) {
            json.append("null");
        } else {
            json.append("{\"code\":");
            quoted(json, error.code() != null ? error.code() : error.type());
            json.append(",\"message\":");
            quoted(json, error.message());
            json.append('}');
        }
        json.append(",\"incomplete_details\":null,\"model\":");
        quoted(json, model == null ? "" : model);
        json.append(",\"output\":[],\"usage\":null,\"background\":").append(background);
        json.append(",\"metadata\":{}}");
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code value} as a JSON string; escaped by Jackson only when it has a character that needs it (rare). */
    private static void quoted(StringBuilder json, String value) {
        json.append('"');
        if (needsEscaping(value)) {
            JsonStringEncoder.getInstance().quoteAsString(value, json);
        } else {
            json.append(value);
        }
        json.append('"');
    }

    private static boolean needsEscaping(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                return true;
            }
        }
        return false;
    }

    /** Bifrost's async envelope: {@code {id, status, created_at, completed_at?, expires_at?, status_code?, result?,
     * error?}} with RFC 3339 timestamps and Bifrost's statuses ({@link #bifrostStatus}). */
    ObjectNode envelope(JobRecord job) {
        ObjectNode body = mapper.createObjectNode();
        body.put("id", job.jobId());
        body.put("status", bifrostStatus(job.status()));
        body.put("created_at", Instant.ofEpochMilli(job.createdAtMs()).toString());
        if (job.completedAtMs() != null) {
            body.put("completed_at", Instant.ofEpochMilli(job.completedAtMs()).toString());
        }
        if (job.expiresAtMs() != null) {
            body.put("expires_at", Instant.ofEpochMilli(job.expiresAtMs()).toString());
        }
        if (job.status() == JobStatus.COMPLETED) {
            body.put("status_code", 200);
            body.putRawValue("result", job.response().asTreeValue());
        } else if (job.error() != null) {
            body.put("status_code", job.error().httpStatus());
            body.set("error", error(job.error()));
        }
        return body;
    }

    ObjectNode submitted(String jobId, long createdAtMs) {
        ObjectNode body = mapper.createObjectNode();
        body.put("id", jobId);
        body.put("status", bifrostStatus(JobStatus.QUEUED));
        body.put("created_at", Instant.ofEpochMilli(createdAtMs).toString());
        return body;
    }

    /**
     * A status in the words of Bifrost's own async routes, so that poll loops written against Bifrost keep working:
     * {@code pending} (queued), {@code processing} (in progress), {@code completed}, {@code failed}. Bifrost has no
     * cancel; a job cancelled through the OpenAI routes shows as {@code cancelled}, which such a loop also stops at.
     */
    static String bifrostStatus(JobStatus status) {
        switch (status) {
            case QUEUED: return "pending";
            case IN_PROGRESS: return "processing";
            default: return status.wire();
        }
    }

    /** OpenAI's error body: {@code {"error":{"message","type","param","code"}}}. */
    ObjectNode errorBody(JobError error) {
        ObjectNode body = mapper.createObjectNode();
        body.set("error", error(error));
        return body;
    }

    private ObjectNode error(JobError error) {
        ObjectNode node = mapper.createObjectNode();
        node.put("message", error.message());
        node.put("type", error.type());
        node.put("param", error.param());
        node.put("code", error.code());
        return node;
    }
}
