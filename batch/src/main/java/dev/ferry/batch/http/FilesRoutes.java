package dev.ferry.batch.http;

import dev.ferry.batch.BatchWriter;
import dev.ferry.batch.files.ChunkReader;
import dev.ferry.batch.files.ChunkWriter;
import dev.ferry.batch.files.FileChunks;
import dev.ferry.batch.files.MultipartUpload;
import dev.ferry.core.batch.BatchIds;
import dev.ferry.core.batch.BatchLog;
import dev.ferry.core.batch.BatchLookup;
import dev.ferry.core.batch.BatchRecord;
import dev.ferry.core.batch.FileRecord;
import dev.ferry.core.config.BatchSettings;
import dev.ferry.core.error.FerryException;
import dev.ferry.core.kafka.KafkaClientProperties;
import dev.ferry.ingress.http.RouteTools;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenAI's Files API: {@code POST /openai/v1/files} (multipart, {@code purpose=batch}) streams the file to the
 * {@code files} topic as it arrives; {@code GET …/files}, {@code GET …/files/{id}}, {@code GET …/files/{id}/content}
 * (streamed back from Kafka, or for a batch's output and error files from the job store) and
 * {@code DELETE …/files/{id}}. The same routes answer without {@code /v1}.
 */
final class FilesRoutes {

    private static final Logger log = LoggerFactory.getLogger(FilesRoutes.class);
    private static final String[] PREFIXES = {"/openai/v1/files", "/openai/files"};
    private static final String JSONL = "application/jsonl";

    private final BatchSettings settings;
    private final KafkaClientProperties kafka;
    private final int filesPartitions;
    private final BatchWriter writer;
    private final BatchLookup lookup;
    private final OutputFiles outputs;
    private final BatchViews views;
    private final Transfers transfers;
    private final Clock clock;
    private final long minUploadRate;
    private RouteTools tools;

    FilesRoutes(BatchSettings settings, KafkaClientProperties kafka, int filesPartitions, BatchWriter writer,
            BatchLookup lookup, OutputFiles outputs, BatchViews views, Transfers transfers, Clock clock,
            long minUploadRate) {
        this.settings = settings;
        this.kafka = kafka;
        this.filesPartitions = filesPartitions;
        this.writer = writer;
        this.lookup = lookup;
        this.outputs = outputs;
        this.views = views;
        this.transfers = transfers;
        this.clock = clock;
        this.minUploadRate = minUploadRate;
    }

    void register(RoutesConfig routes, RouteTools routeTools) {
        this.tools = routeTools;
        for (String prefix : PREFIXES) {
            routes.post(prefix, this::upload);
            routes.get(prefix, this::list);
            routes.get(prefix + "/{file_id}", this::retrieve);
            routes.get(prefix + "/{file_id}/content", this::content);
            routes.delete(prefix + "/{file_id}", this::delete);
        }
    }

    private void upload(Context ctx) {
        String owner = tools.owner(ctx);
        long declared = ctx.req().getContentLengthLong();
        if (declared > settings.maxFileBytes() + 64 * 1024) {
            throw new FerryException.PayloadTooLarge(settings.maxFileBytes());
        }
        transfers.answer(ctx, () -> {
            ctx.contentType("application/json").result(store(ctx, owner).toString());
            return null;
        });
    }

    private com.fasterxml.jackson.databind.node.ObjectNode store(Context ctx, String owner) {
        String fileId = BatchIds.newFileId();
        MultipartUpload.Result upload;
        try (InputStream body = ctx.req().getInputStream()) {
            upload = new MultipartUpload(settings.maxFileBytes(), minUploadRate, System::nanoTime)
                    .read(ctx.header("Content-Type"), body,
                    () -> new ChunkWriter(writer.producer(), settings.filesTopic(), fileId,
                            FileChunks.partitionOf(fileId, filesPartitions), settings.chunkBytes()));
        } catch (IOException e) {
            throw new FerryException.RequestTimeout("the upload did not arrive: " + e.getMessage());
        }
        ChunkWriter file = upload.file();
        if (!"batch".equals(upload.purpose())) {
            file.discard();
            throw new FerryException.InvalidRequest("'purpose' must be \"batch\": Ferry stores batch input files",
                    "purpose", upload.purpose() == null ? "missing_required_parameter" : "invalid_value");
        }
        file.finish();
        long now = clock.millis();
        FileRecord stored = new FileRecord(fileId, owner, upload.filename(), "batch", file.bytes(), now,
                file.partition(), file.firstOffset(), file.lastOffset(), file.chunks(), false);
        writer.record(new BatchLog.FileStored(fileId, owner, upload.filename(), "batch", file.bytes(), now,
                file.partition(), file.firstOffset(), file.lastOffset(), file.chunks()));
        log.info("A file was uploaded: fileId={} bytes={} chunks={}.", fileId, file.bytes(), file.chunks());
        return views.file(stored);
    }

    private void list(Context ctx) {
        String owner = tools.owner(ctx);
        int limit = Limits.pageSize(ctx, 10_000);
        List<FileRecord> files = lookup.listFiles(owner, ctx.queryParam("after"), limit + 1);
        boolean more = files.size() > limit;
        List<FileRecord> page = more ? files.subList(0, limit) : files;
        ctx.contentType("application/json").result(views.page(page, more, views::file, FileRecord::fileId).toString());
    }

    private void retrieve(Context ctx) {
        String owner = tools.owner(ctx);
        String fileId = ctx.pathParam("file_id");
        String batchId = BatchIds.batchOfOutput(fileId);
        if (batchId != null) {
            BatchRecord batch = outputOf(fileId, batchId, owner);
            boolean errors = BatchIds.isErrorFile(fileId);
            transfers.answer(ctx, () -> {
                long bytes = outputs.size(batch, errors, owner);
                ctx.contentType("application/json").result(views.file(fileId, bytes, batch.createdAtMs(),
                        batch.batchId() + (errors ? "_errors.jsonl" : "_output.jsonl"),
                        "batch_output").toString());
                return null;
            });
            return;
        }
        ctx.contentType("application/json").result(views.file(uploaded(fileId, owner)).toString());
    }

    private void content(Context ctx) {
        String owner = tools.owner(ctx);
        String fileId = ctx.pathParam("file_id");
        String batchId = BatchIds.batchOfOutput(fileId);
        if (batchId != null) {
            BatchRecord batch = outputOf(fileId, batchId, owner);
            transfers.stream(ctx, JSONL, out -> outputs.write(batch, BatchIds.isErrorFile(fileId), owner, out));
            return;
        }
        FileRecord file = uploaded(fileId, owner);
        transfers.stream(ctx, JSONL, out -> {
            try (ChunkReader in = new ChunkReader(kafka, settings.filesTopic(), file,
                    settings.chunkBytes())) {
                in.transferTo(out);
            }
        });
    }

    private void delete(Context ctx) {
        String owner = tools.owner(ctx);
        String fileId = ctx.pathParam("file_id");
        FileRecord file = uploaded(fileId, owner);
        writer.record(new BatchLog.FileDeleted(fileId, clock.millis()));
        lookup.awaitFolded(fileId);
        for (int chunk = 0; chunk < file.chunks(); chunk++) {
            writer.producer().send(new ProducerRecord<>(settings.filesTopic(), file.partition(),
                    FileChunks.key(fileId, chunk), null));
        }
        ctx.contentType("application/json").result(views.deletedFile(fileId).toString());
    }

    private FileRecord uploaded(String fileId, String owner) {
        if (!BatchIds.isUploadedFileId(fileId)) {
            throw Limits.fileNotFound();
        }
        return lookup.findFile(fileId, owner).orElseThrow(Limits::fileNotFound);
    }

    /** The batch whose output or error file is asked for, once that file exists. */
    private BatchRecord outputOf(String fileId, String batchId, String owner) {
        if (!BatchIds.isBatchId(batchId)) {
            throw Limits.fileNotFound();
        }
        BatchRecord batch = lookup.findBatch(batchId, owner).orElseThrow(Limits::fileNotFound);
        boolean exists = (BatchIds.isErrorFile(fileId) ? batch.errorFileId() : batch.outputFileId()).isPresent();
        if (!exists) {
            throw Limits.fileNotFound();
        }
        return batch;
    }
}
