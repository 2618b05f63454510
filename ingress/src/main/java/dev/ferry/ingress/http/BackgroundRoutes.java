package dev.ferry.ingress.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.job.JobRecord;
import dev.ferry.ingress.jobs.AsyncJobs;
import dev.ferry.ingress.jobs.JobCancellation;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * OpenAI background mode on Ferry's job machinery: {@code GET /openai/v1/responses/{id}} retrieves a job as a
 * Responses object, {@code POST …/{id}/cancel} cancels it and {@code DELETE …/{id}} removes it. Unmodified OpenAI
 * SDKs use these after creating a response with {@code background:true}.
 */
final class BackgroundRoutes {

    private static final String[] PREFIXES = {"/openai/v1/responses", "/openai/responses"};

    private final AsyncJobs jobs;
    private final JobCancellation cancellation;
    private final JobBodies views;
    private final Callers callers;

    BackgroundRoutes(AsyncJobs jobs, JobCancellation cancellation, JobBodies views, Callers callers) {
        this.jobs = jobs;
        this.cancellation = cancellation;
        this.views = views;
        this.callers = callers;
    }

    void register(RoutesConfig routes) {
        for (String prefix : PREFIXES) {
            routes.get(prefix + "/{response_id}", this::retrieve);
            routes.post(prefix + "/{response_id}/cancel", this::cancel);
            routes.delete(prefix + "/{response_id}", this::delete);
        }
    }

    private void retrieve(Context ctx) {
        JobRecord job = jobs.find(ctx.pathParam("response_id"), callers.owner(ctx));
        if (job.error() != null) {
            job.error().providerHeaders().forEach(ctx::header);
        }
        ctx.contentType("application/json").result(views.backgroundResponse(job).toString());
    }

    private void cancel(Context ctx) {
        String jobId = ctx.pathParam("response_id");
        String owner = callers.owner(ctx);
        ctx.future(() -> cancellation.cancel(jobId, owner).thenAccept(job -> ctx
                .contentType("application/json")
                .result(views.backgroundResponse(job).toString())));
    }

    private void delete(Context ctx) {
        String jobId = ctx.pathParam("response_id");
        String owner = callers.owner(ctx);
        ctx.future(() -> cancellation.delete(jobId, owner).thenAccept(ignored -> {
            ObjectNode body = views.deleted(jobId);
            ctx.contentType("application/json").result(body.toString());
        }));
    }

    static boolean isBackground(ObjectNode request) {
        return request.path("background").asBoolean(false);
    }
}
