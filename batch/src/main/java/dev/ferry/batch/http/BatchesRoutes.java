package dev.ferry.batch.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.batch.BatchWriter;
import dev.ferry.core.batch.BatchIds;
import dev.ferry.core.batch.BatchLog;
import dev.ferry.core.batch.BatchLookup;
import dev.ferry.core.batch.BatchRecord;
import dev.ferry.core.batch.BatchStatus;
import dev.ferry.core.batch.BatchUsage;
import dev.ferry.core.batch.FileRecord;
import dev.ferry.core.config.BatchSettings;
import dev.ferry.core.error.FerryException;
import dev.ferry.core.job.JobControl;
import dev.ferry.ingress.http.RouteTools;
import dev.ferry.ingress.jobs.JobControls;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenAI's Batch API: {@code POST /openai/v1/batches} records the batch ({@code validating}) once Kafka has it; a
 * gateway's expander then validates and expands it. {@code GET …/batches/{id}} reads it from the job store,
 * {@code POST …/batches/{id}/cancel} stops its lines, {@code GET …/batches} pages through the caller's batches with
 * {@code after} and {@code limit}. The same routes answer without {@code /v1}.
 */
final class BatchesRoutes {

    static final String ENDPOINT = "/v1/responses";
    private static final String WINDOW = "24h";
    private static final String[] PREFIXES = {"/openai/v1/batches", "/openai/batches"};
    private static final int MAX_METADATA_PAIRS = 16;

    private final BatchSettings settings;
    private final BatchWriter writer;
    private final BatchLookup lookup;
    private final JobControls controls;
    private final BatchViews views;
    private final ObjectMapper mapper;
    private final Clock clock;
    private RouteTools tools;

    BatchesRoutes(BatchSettings settings, BatchWriter writer, BatchLookup lookup, JobControls controls,
            BatchViews views, ObjectMapper mapper, Clock clock) {
        this.settings = settings;
        this.writer = writer;
        this.lookup = lookup;
        this.controls = controls;
        this.views = views;
        this.mapper = mapper;
        this.clock = clock;
    }

    void register(RoutesConfig routes, RouteTools routeTools) {
        this.tools = routeTools;
        for (String prefix : PREFIXES) {
            routes.post(prefix, this::create);
            routes.get(prefix, this::list);
            routes.get(prefix + "/{batch_id}", this::retrieve);
            routes.post(prefix + "/{batch_id}/cancel", this::cancel);
        }
    }

    private void create(Context ctx) {
        String owner = tools.owner(ctx);
        ObjectNode body = parse(ctx.bodyAsBytes());
        String inputFileId = text(body, "input_file_id");
        String endpoint = text(body, "endpoint");
        String window = text(body, "completion_window");
        if (!ENDPOINT.equals(endpoint)) {
            throw new FerryException.InvalidRequest("'endpoint' must be \"" + ENDPOINT + "\": Ferry runs Responses "
                    + "requests in batches", "endpoint", "invalid_value");
        }
        if (!WINDOW.equals(window)) {
            throw new FerryException.InvalidRequest("'completion_window' must be \"24h\"", "completion_window",
                    "invalid_value");
        }
        Map<String, String> metadata = metadata(body.get("metadata"));
        FileRecord file = BatchIds.isUploadedFileId(inputFileId)
                ? lookup.findFile(inputFileId, owner).orElse(null) : null;
        if (file == null || !"batch".equals(file.purpose())) {
            throw new FerryException.InvalidRequest("'input_file_id' names no file of yours with purpose batch",
                    "input_file_id", "invalid_file");
        }
        long now = clock.millis();
        BatchLog.BatchCreated created = new BatchLog.BatchCreated(BatchIds.newBatchId(), owner, inputFileId, endpoint,
                window, metadata, now, now + settings.completionWindow().toMillis());
        writer.record(created);
        BatchRecord batch = new BatchRecord(created.batchId(), owner, inputFileId, endpoint, window, metadata,
                BatchStatus.VALIDATING, now, created.expiresAtMs(), null, null, null, null, null, null, 0, 0, 0,
                null, BatchUsage.NONE);
        ctx.contentType("application/json").result(views.batch(batch).toString());
    }

    private void retrieve(Context ctx) {
        ctx.contentType("application/json").result(views.batch(find(ctx)).toString());
    }

    private void cancel(Context ctx) {
        BatchRecord batch = find(ctx);
        if (batch.status().isTerminal() || batch.status() == BatchStatus.CANCELLING) {
            ctx.contentType("application/json").result(views.batch(batch).toString());
            return;
        }
        long now = clock.millis();
        String owner = tools.owner(ctx);
        // recorded on batches (which the store's read-your-writes follows), then sent to the workers
        writer.record(new BatchLog.BatchCancelRequested(batch.batchId(), now, false));
        controls.send(new JobControl.CancelBatch(batch.batchId(), now, false)).join();
        lookup.awaitFolded(batch.batchId());
        BatchRecord cancelling = lookup.findBatch(batch.batchId(), owner).orElseThrow(Limits::batchNotFound);
        ctx.contentType("application/json").result(views.batch(cancelling).toString());
    }

    private void list(Context ctx) {
        String owner = tools.owner(ctx);
        int limit = Limits.pageSize(ctx, 100);
        List<BatchRecord> batches = lookup.listBatches(owner, ctx.queryParam("after"), limit + 1);
        boolean more = batches.size() > limit;
        List<BatchRecord> page = more ? batches.subList(0, limit) : batches;
        ctx.contentType("application/json")
                .result(views.page(page, more, views::batch, BatchRecord::batchId).toString());
    }

    private BatchRecord find(Context ctx) {
        String batchId = ctx.pathParam("batch_id");
        if (!BatchIds.isBatchId(batchId)) {
            throw Limits.batchNotFound();
        }
        return lookup.findBatch(batchId, tools.owner(ctx)).orElseThrow(Limits::batchNotFound);
    }

    private ObjectNode parse(byte[] bytes) {
        try {
            JsonNode tree = mapper.readTree(bytes);
            if (tree instanceof ObjectNode object) {
                return object;
            }
        } catch (JacksonException e) {
            throw new FerryException.InvalidRequest("the request body is not valid JSON: " + e.getOriginalMessage(),
                    null, "invalid_json");
        } catch (IOException e) {
            throw new FerryException.InvalidRequest("the request body could not be read", null, "invalid_json");
        }
        throw new FerryException.InvalidRequest("the request body must be a JSON object", null, "invalid_json");
    }

    private static String text(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new FerryException.InvalidRequest("'" + field + "' is required and must be a string", field,
                    "missing_required_parameter");
        }
        return value.asText();
    }

    private static Map<String, String> metadata(JsonNode metadata) {
        if (metadata == null || metadata.isNull()) {
            return null;
        }
        if (!metadata.isObject() || metadata.size() > MAX_METADATA_PAIRS) {
            throw new FerryException.InvalidRequest("'metadata' must be an object of at most 16 string values",
                    "metadata", "invalid_value");
        }
        Map<String, String> pairs = new LinkedHashMap<>();
        metadata.fields().forEachRemaining(entry -> {
            if (!entry.getValue().isTextual() || entry.getKey().length() > 64
                    || entry.getValue().asText().length() > 512) {
                throw new FerryException.InvalidRequest("'metadata' keys are at most 64 characters and values "
                        + "strings of at most 512", "metadata", "invalid_value");
            }
            pairs.put(entry.getKey(), entry.getValue().asText());
        });
        return pairs;
    }
}
