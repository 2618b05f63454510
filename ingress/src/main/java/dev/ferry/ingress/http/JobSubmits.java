package dev.ferry.ingress.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.error.FerryException;
import dev.ferry.core.job.JobRecord;
import dev.ferry.ingress.jobs.AsyncJobs;
import dev.ferry.ingress.jobs.ResultTtl;
import io.javalin.http.Context;
import java.util.concurrent.CompletableFuture;

/**
 * The one way a validated Responses request becomes an async job, for every route that submits one: Ferry's
 * {@code x-bf-async} on the OpenAI and Azure routes, Bifrost's {@code POST /v1/async/responses}, and OpenAI background
 * mode. It refuses what a job cannot carry, queues the job for the caller ({@link AsyncJobs} checks the result TTL
 * header and reserves the backlog quota) and answers in the route's own shape, only once Kafka has the job.
 */
final class JobSubmits {

    private final AsyncJobs jobs;
    private final JobBodies views;
    private final Callers callers;
    private final BackgroundStreams backgroundStreams;

    JobSubmits(AsyncJobs jobs, JobBodies views, Callers callers, BackgroundStreams backgroundStreams) {
        this.jobs = jobs;
        this.views = views;
        this.callers = callers;
        this.backgroundStreams = backgroundStreams;
    }

    /**
     * {@code x-bf-async} on the OpenAI and Azure routes: a {@code queued} Responses object, its id also in
     * {@code x-bf-async-id}.
     */
    CompletableFuture<?> integration(Context ctx, ObjectNode request) {
        refuseStream(request);
        return queue(ctx, request).thenAccept(job -> ctx
                .header(ResponsesRoutes.ASYNC_ID_HEADER, job.jobId())
                .contentType("application/json")
                .result(views.pendingResponse(job.jobId(), job.status(), job.model(), job.createdAtMs())));
    }

    /** Bifrost's {@code POST /v1/async/responses}: 202 with the job envelope. */
    CompletableFuture<?> bifrost(Context ctx, ObjectNode request) {
        refuseStream(request);
        return queue(ctx, request).thenAccept(job -> ctx
                .status(202)
                .contentType("application/json")
                .result(views.bytes(views.submitted(job.jobId(), job.createdAtMs()))));
    }

    /**
     * OpenAI background mode ({@code background:true}): a {@code queued} response whose id is the job id; with
     * {@code stream:true}, the job's event stream instead, as the worker produces it (see {@link BackgroundStreams}).
     */
    CompletableFuture<?> background(Context ctx, ObjectNode request) {
        request.remove("background");
        return queue(ctx, request).thenCompose(job -> {
            if (RequestBodies.wantsStream(request)) {
                return backgroundStreams.follow(ctx, job, -1, job.owner());
            }
            ctx.contentType("application/json").result(views.backgroundResponse(job));
            return CompletableFuture.completedFuture(null);
        });
    }

    /** @return the accepted job, once it is durable in Kafka */
    private CompletableFuture<JobRecord> queue(Context ctx, ObjectNode request) {
        return jobs.submit(request, ctx.header(ResultTtl.HEADER), callers.owner(ctx))
                .thenApply(submitted -> JobRecord.queued(submitted.envelope()));
    }

    private static void refuseStream(ObjectNode request) {
        if (RequestBodies.wantsStream(request)) {
            throw new FerryException.InvalidRequest("streaming is not supported for async requests", "stream",
                    "unsupported_parameter");
        }
    }
}
