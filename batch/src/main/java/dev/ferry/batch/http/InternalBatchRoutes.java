package dev.ferry.batch.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.core.batch.BatchLookup;
import dev.ferry.core.error.FerryException;
import dev.ferry.ingress.http.RouteTools;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * {@code GET /internal/v1/batch-store/{kind}/{id}?owner=…}: another Ferry instance reads a batch ({@code batch}), a
 * file ({@code file}), a batch's line records ({@code lines}, with {@code from} and {@code count}) or a principal's
 * batches and files ({@code batches}, {@code files}) from this instance's own store partitions, on behalf of
 * {@code owner}. Guarded by the cluster token like the job lookups.
 */
final class InternalBatchRoutes {

    private static final String PATH = "/internal/v1/batch-store/{kind}/{id}";

    private final BatchLookup local;
    private final ObjectMapper mapper;

    InternalBatchRoutes(BatchLookup local, ObjectMapper mapper) {
        this.local = local;
        this.mapper = mapper;
    }

    void register(RoutesConfig routes, RouteTools tools) {
        routes.get(PATH, ctx -> {
            tools.requireClusterToken(ctx);
            answer(ctx);
        });
    }

    private void answer(Context ctx) throws Exception {
        String owner = ctx.queryParam("owner");
        String id = ctx.pathParam("id");
        if (owner == null || owner.isEmpty()) {
            throw new FerryException.JobNotFound();
        }
        Object answer = switch (ctx.pathParam("kind")) {
            case "batch" -> local.findBatch(id, owner).orElseThrow(Limits::batchNotFound);
            case "file" -> local.findFile(id, owner).orElseThrow(Limits::fileNotFound);
            case "lines" -> local.lines(id, owner, number(ctx, "from"), number(ctx, "count"));
            case "batches" -> local.listBatches(owner, null, Integer.MAX_VALUE);
            case "files" -> local.listFiles(owner, null, Integer.MAX_VALUE);
            case "folded" -> {
                local.awaitFolded(id);
                yield Boolean.TRUE;
            }
            default -> throw new FerryException.JobNotFound();
        };
        ctx.contentType("application/json").result(mapper.writeValueAsBytes(answer));
    }

    private static int number(Context ctx, String name) {
        try {
            return Integer.parseInt(ctx.queryParam(name));
        } catch (NumberFormatException | NullPointerException e) {
            throw new FerryException.InvalidRequest("'" + name + "' must be a number", name);
        }
    }
}
