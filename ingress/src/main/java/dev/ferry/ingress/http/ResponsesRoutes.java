package dev.ferry.ingress.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.error.FerryException;
import dev.ferry.core.job.JobRecord;
import dev.ferry.core.job.JobStatus;
import dev.ferry.ingress.jobs.AsyncJobs;
import dev.ferry.ingress.ops.TooManyRequests;
import dev.ferry.providers.FallbackChain;
import dev.ferry.providers.ProviderOutcome;
import dev.ferry.providers.ProviderRouter;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The OpenAI integration routes, {@code POST /openai/v1/responses} and {@code /openai/responses}, and Azure's
 * {@code POST /openai/openai/deployments/{deployment-id}/responses}: a synchronous create by default (streamed with
 * {@code stream:true}), an async submit with {@code x-bf-async} or {@code background:true}, and a poll with
 * {@code x-bf-async-id} (body ignored).
 */
final class ResponsesRoutes {

    static final String ASYNC_HEADER = "x-bf-async";
    static final String ASYNC_ID_HEADER = "x-bf-async-id";
    private static final String[] PATHS = {"/openai/v1/responses", "/openai/responses"};
    private static final String AZURE_PATH =
            "/openai/openai/deployments/{" + AzureDeployments.PATH_PARAM + "}/responses";

    private final RequestBodies bodies;
    private final AsyncJobs jobs;
    private final JobSubmits submits;
    private final JobBodies views;
    private final ProviderRouter router;
    private final FallbackChain fallbacks;
    private final Duration providerTimeout;
    private final Callers callers;
    private final StreamingResponses streaming;
    private final TooManyRequests tooManyRequests;

    ResponsesRoutes(
            RequestBodies bodies,
            AsyncJobs jobs,
            JobSubmits submits,
            JobBodies views,
            ProviderRouter router,
            Duration providerTimeout,
            Callers callers,
            TooManyRequests tooManyRequests) {
        this.bodies = bodies;
        this.jobs = jobs;
        this.submits = submits;
        this.views = views;
        this.router = router;
        this.fallbacks = new FallbackChain(router);
        this.providerTimeout = providerTimeout;
        this.callers = callers;
        this.streaming = new StreamingResponses(views, providerTimeout);
        this.tooManyRequests = tooManyRequests;
    }

    void register(RoutesConfig routes) {
        for (String path : PATHS) {
            routes.post(path, ctx -> create(ctx, null));
        }
        routes.post(AZURE_PATH, ctx -> create(ctx, AzureDeployments.model(ctx), AzureDeployments.apiVersion(ctx)));
    }

    private void create(Context ctx, String model) {
        create(ctx, model, null);
    }

    /**
     * @param model the model named by the route, overriding the body's, or null to use the body's
     * @param azureApiVersion the client's Azure {@code api-version} to forward, or null
     */
    private void create(Context ctx, String model, String azureApiVersion) {
        String pollId = ctx.header(ASYNC_ID_HEADER);
        if (pollId != null) {
            poll(ctx, pollId.trim());
            return;
        }
        ctx.future(() -> {
            // a stream may run for long, guarded by its provider timeout; every other path bounds its own wait
            ctx.req().getAsyncContext().setTimeout(0);
            return bodies.readResponsesRequest(ctx, model)
                    .thenCompose(request -> answer(ctx, AzureDeployments.withApiVersion(request, azureApiVersion)));
        });
    }

    private CompletableFuture<?> answer(Context ctx, ObjectNode request) {
        String async = ctx.header(ASYNC_HEADER);
        if (async != null && !async.isBlank()) {
            return submits.integration(ctx, request);
        } else if (BackgroundRoutes.isBackground(request)) {
            return submits.background(ctx, request);
        }
        return forward(ctx, request);
    }

    private void poll(Context ctx, String jobId) {
        if (jobId.isEmpty()) {
            throw new FerryException.InvalidRequest("x-bf-async-id header value is empty", ASYNC_ID_HEADER);
        }
        String owner = callers.owner(ctx);
        Lookups.answer(ctx, () -> jobs.find(jobId, owner).thenAccept(job -> answerPoll(ctx, job)));
    }

    private void answerPoll(Context ctx, JobRecord job) {
        ctx.contentType("application/json");
        if (job.status() == JobStatus.COMPLETED) {
            ctx.result(job.response().utf8());
        } else if (job.error() != null) {
            job.error().providerHeaders().forEach(ctx::header);
            ctx.status(job.error().httpStatus()).result(views.bytes(views.errorBody(job.error())));
        } else {
            ctx.result(views.pendingResponse(job.jobId(), job.status(), job.model(), job.createdAtMs()));
        }
    }

    private CompletableFuture<?> forward(Context ctx, ObjectNode request) {
        ProviderRouter.Route route = router.route(request.get("model").asText());
        if (RequestBodies.wantsStream(request)) {
            return streaming.stream(ctx, route, request);
        }
        return fallbacks.createResponse(request, providerTimeout)
                .thenAccept(outcome -> {
                    ctx.contentType("application/json");
                    if (outcome instanceof ProviderOutcome.Success success) {
                        success.headers().forEach(ctx::header);
                        ctx.result(success.response().utf8());
                    } else {
                        ProviderOutcome.Failure failure = (ProviderOutcome.Failure) outcome;
                        failure.error().providerHeaders().forEach(ctx::header);
                        if (failure.error().httpStatus() == 429) {
                            tooManyRequests.count(TooManyRequests.Reason.PROVIDER);
                        }
                        ctx.status(failure.error().httpStatus()).result(views.bytes(views.errorBody(failure.error())));
                    }
                });
    }
}
