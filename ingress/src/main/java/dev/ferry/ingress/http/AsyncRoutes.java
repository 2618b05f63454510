package dev.ferry.ingress.http;

import dev.ferry.ingress.jobs.AsyncJobs;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * Bifrost's generic async routes: {@code POST /v1/async/responses} answers 202 with the job envelope, and
 * {@code GET /v1/async/responses/{job_id}} answers 202 while the job is pending and 200 once it is terminal.
 */
final class AsyncRoutes {

    private static final String PATH = "/v1/async/responses";

    private final RequestBodies bodies;
    private final AsyncJobs jobs;
    private final JobSubmits submits;
    private final JobBodies views;
    private final Callers callers;

    AsyncRoutes(RequestBodies bodies, AsyncJobs jobs, JobSubmits submits, JobBodies views, Callers callers) {
        this.bodies = bodies;
        this.jobs = jobs;
        this.submits = submits;
        this.views = views;
        this.callers = callers;
    }

    void register(RoutesConfig routes) {
        routes.post(PATH, this::submit);
        routes.get(PATH + "/{job_id}", this::poll);
    }

    private void submit(Context ctx) {
        ctx.future(() -> bodies.readResponsesRequest(ctx, null).thenCompose(request -> submits.bifrost(ctx, request)));
    }

    private void poll(Context ctx) {
        String jobId = ctx.pathParam("job_id");
        String owner = callers.owner(ctx);
        Lookups.answer(ctx, () -> jobs.find(jobId, owner).thenAccept(job -> {
            if (job.error() != null) {
                job.error().providerHeaders().forEach(ctx::header);
            }
            ctx.status(job.status().isTerminal() ? 200 : 202)
                    .contentType("application/json")
                    .result(views.bytes(views.envelope(job)));
        }));
    }
}
