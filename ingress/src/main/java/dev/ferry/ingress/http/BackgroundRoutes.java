package dev.ferry.ingress.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.ingress.jobs.AsyncJobs;
import dev.ferry.ingress.jobs.JobCancellation;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * OpenAI background mode on Ferry's job machinery: {@code GET /openai/v1/responses/{id}} retrieves a job as a
 * Responses object (with {@code ?stream=true&starting_after=N}, its event stream from there on), {@code POST
 * …/{id}/cancel} cancels it and {@code DELETE …/{id}} removes it. Unmodified OpenAI SDKs use these after creating a
 * response with {@code background:true}.
 */
final class BackgroundRoutes {

    private static final String[] PREFIXES = {"/openai/v1/responses", "/openai/responses"};

    private final AsyncJobs jobs;
    private final JobCancellation cancellation;
    private final JobBodies views;
    private final Callers callers;
    private final BackgroundStreams streams;

    BackgroundRoutes(AsyncJobs jobs, JobCancellation cancellation, JobBodies views, Callers callers,
            BackgroundStreams streams) {
        this.streams = streams;
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

    /** The response; with {@code stream=true} its event stream after {@code starting_after} instead. */
    private void retrieve(Context ctx) {
        String owner = callers.owner(ctx);
        String jobId = ctx.pathParam("response_id");
        if ("true".equals(ctx.queryParam("stream"))) {
            long startingAfter = BackgroundStreams.startingAfter(ctx);
            ctx.future(() -> jobs.find(jobId, owner).thenCompose(job -> {
                ctx.req().getAsyncContext().setTimeout(0); // a stream lasts as long as its job
                return streams.follow(ctx, job, startingAfter, owner);
            }));
            return;
        }
        Lookups.answer(ctx, () -> jobs.find(jobId, owner).thenAccept(job -> {
            if (job.error() != null) {
                job.error().providerHeaders().forEach(ctx::header);
            }
            ctx.contentType("application/json").result(views.backgroundResponse(job));
        }));
    }

    private void cancel(Context ctx) {
        String jobId = ctx.pathParam("response_id");
        String owner = callers.owner(ctx);
        ctx.future(() -> cancellation.cancel(jobId, owner).thenAccept(job -> ctx
                .contentType("application/json")
                .result(views.backgroundResponse(job))));
    }

    private void delete(Context ctx) {
        String jobId = ctx.pathParam("response_id");
        String owner = callers.owner(ctx);
        ctx.future(() -> cancellation.delete(jobId, owner).thenAccept(ignored -> {
            ObjectNode body = views.deleted(jobId);
            ctx.contentType("application/json").result(views.bytes(body));
        }));
    }

    static boolean isBackground(ObjectNode request) {
        return request.path("background").asBoolean(false);
    }
}
