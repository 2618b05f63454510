package dev.ferry.batch.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.batch.BatchIds;
import dev.ferry.core.batch.BatchLineError;
import dev.ferry.core.batch.BatchRecord;
import dev.ferry.core.batch.BatchStatus;
import dev.ferry.core.batch.FileRecord;
import java.util.List;
import java.util.function.Function;

/** The JSON of batches and files on the wire: OpenAI's Batch and FileObject, field for field. */
final class BatchViews {

    private final ObjectMapper mapper;

    BatchViews(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ObjectNode batch(BatchRecord batch) {
        ObjectNode body = mapper.createObjectNode();
        body.put("id", batch.batchId());
        body.put("object", "batch");
        body.put("endpoint", batch.endpoint());
        body.set("errors", errors(batch.errors()));
        body.put("input_file_id", batch.inputFileId());
        body.put("completion_window", batch.completionWindow());
        body.put("status", batch.status().wire());
        body.put("output_file_id", batch.outputFileId().orElse(null));
        body.put("error_file_id", batch.errorFileId().orElse(null));
        body.put("created_at", batch.createdAtMs() / 1000);
        seconds(body, "in_progress_at", batch.validatedAtMs());
        body.put("expires_at", batch.expiresAtMs() / 1000);
        Long completedAt = batch.status() == BatchStatus.COMPLETED ? batch.endedAtMs() : null;
        seconds(body, "finalizing_at", completedAt);
        seconds(body, "completed_at", completedAt);
        seconds(body, "failed_at", batch.status() == BatchStatus.FAILED ? batch.rejectedAtMs() : null);
        seconds(body, "expired_at", batch.expiredAtMs());
        seconds(body, "cancelling_at", batch.cancelRequestedAtMs());
        seconds(body, "cancelled_at", batch.status() == BatchStatus.CANCELLED ? batch.endedAtMs() : null);
        ObjectNode counts = body.putObject("request_counts");
        counts.put("total", batch.requestCounts().total());
        counts.put("completed", batch.completed());
        counts.put("failed", batch.failed());
        if (batch.metadata() == null) {
            body.putNull("metadata");
        } else {
            ObjectNode metadata = body.putObject("metadata");
            batch.metadata().forEach(metadata::put);
        }
        ObjectNode usage = body.putObject("usage");
        usage.put("input_tokens", batch.usage().inputTokens());
        usage.putObject("input_tokens_details").put("cached_tokens", batch.usage().cachedTokens());
        usage.put("output_tokens", batch.usage().outputTokens());
        usage.putObject("output_tokens_details").put("reasoning_tokens", batch.usage().reasoningTokens());
        usage.put("total_tokens", batch.usage().totalTokens());
        return body;
    }

    ObjectNode file(FileRecord file) {
        return file(file.fileId(), file.bytes(), file.createdAtMs(), file.filename(), file.purpose());
    }

    ObjectNode file(String id, long bytes, long createdAtMs, String filename, String purpose) {
        ObjectNode body = mapper.createObjectNode();
        body.put("id", id);
        body.put("object", "file");
        body.put("bytes", bytes);
        body.put("created_at", createdAtMs / 1000);
        body.put("filename", filename);
        body.put("purpose", purpose);
        body.put("status", "processed");
        body.putNull("expires_at");
        body.putNull("status_details");
        return body;
    }

    ObjectNode deletedFile(String id) {
        ObjectNode body = mapper.createObjectNode();
        body.put("id", id);
        body.put("object", "file");
        body.put("deleted", true);
        return body;
    }

    /** OpenAI's cursor page: {@code {object:"list", data, first_id, last_id, has_more}}. */
    <T> ObjectNode page(List<T> items, boolean hasMore, Function<T, ObjectNode> view, Function<T, String> id) {
        ObjectNode body = mapper.createObjectNode();
        body.put("object", "list");
        ArrayNode data = body.putArray("data");
        items.forEach(item -> data.add(view.apply(item)));
        body.put("first_id", items.isEmpty() ? null : id.apply(items.get(0)));
        body.put("last_id", items.isEmpty() ? null : id.apply(items.get(items.size() - 1)));
        body.put("has_more", hasMore);
        return body;
    }

    private ObjectNode errors(List<BatchLineError> errors) {
        if (errors == null) {
            return null;
        }
        ObjectNode body = mapper.createObjectNode();
        body.put("object", "list");
        ArrayNode data = body.putArray("data");
        for (BatchLineError error : errors) {
            ObjectNode item = data.addObject();
            item.put("code", error.code());
            item.put("message", error.message());
            item.put("param", error.param());
            if (error.line() == null) {
                item.putNull("line");
            } else {
                item.put("line", error.line());
            }
        }
        return body;
    }

    private static void seconds(ObjectNode body, String field, Long ms) {
        if (ms == null) {
            body.putNull(field);
        } else {
            body.put(field, ms / 1000);
        }
    }
}
