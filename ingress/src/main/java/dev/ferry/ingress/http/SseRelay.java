package dev.ferry.ingress.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.job.JobError;
import dev.ferry.providers.ProviderOutcome;
import dev.ferry.providers.ProviderRouter;
import dev.ferry.providers.StreamEvent;
import dev.ferry.providers.StreamListener;
import dev.ferry.providers.StreamOutcome;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One streamed answer. The response stays uncommitted until the provider's first event, so a failure before it is a
 * plain JSON error with the provider's status. From the first event on, the response is {@code text/event-stream} and
 * each event is written as {@code event: <type>\ndata: <json>\n\n} with the provider's data unchanged; a failure then
 * ends the stream with a {@code response.failed} (or {@code error}) event. Never sends {@code [DONE]}.
 */
final class SseRelay implements StreamListener {

    private static final Logger LOG = LoggerFactory.getLogger(SseRelay.class);

    private final Context ctx;
    private final JobBodies views;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final CompletableFuture<Void> clientGone = new CompletableFuture<>();
    private SseWriter writer;
    private String responseId;
    private String model;
    private long nextSequence;
    private boolean ended;
    private Map<String, String> providerHeaders = Map.of();

    SseRelay(Context ctx, JobBodies views, String requestedModel) {
        this.ctx = ctx;
        this.views = views;
        this.model = requestedModel;
    }

    /** Starts the provider call; the future completes when the response is fully written (or the client is gone). */
    CompletableFuture<Void> start(ProviderRouter.Route route, ObjectNode request, Duration timeout) {
        CompletableFuture<StreamOutcome> upstream =
                route.client().streamResponse(route.upstreamModel(), request, timeout, this);
        clientGone.thenRun(() -> upstream.cancel(true));
        upstream.whenComplete(this::end);
        return done;
    }

    @Override
    public synchronized void onOpen(Map<String, String> headers) {
        providerHeaders = headers;
    }

    @Override
    public synchronized CompletionStage<?> onEvent(StreamEvent event) {
        if (ended || clientGone.isDone()) {
            return CompletableFuture.completedFuture(null);
        }
        if (writer == null) {
            try {
                writer = open();
            } catch (IOException | RuntimeException e) {
                clientGone(e);
                return CompletableFuture.completedFuture(null);
            }
        }
        remember(event.json());
        return writer.write(SseFrames.frame(event.type(), event.data()));
    }

    private SseWriter open() throws IOException {
        HttpServletResponse response = ctx.res();
        response.setStatus(200);
        response.setContentType("text/event-stream");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("Connection", "keep-alive"); // Jetty drops it on HTTP/1.1, where it is the default
        response.setHeader("Access-Control-Allow-Origin", "*");
        providerHeaders.forEach(response::setHeader);
        return new SseWriter(response.getOutputStream(), this::clientGone);
    }

    private void remember(JsonNode event) {
        JsonNode response = event.path("response");
        if (response.path("id").isTextual()) {
            responseId = response.get("id").asText();
        }
        if (response.path("model").isTextual()) {
            model = response.get("model").asText();
        }
        JsonNode sequence = event.path("sequence_number");
        nextSequence = sequence.canConvertToLong() ? sequence.asLong() + 1 : nextSequence + 1;
    }

    private synchronized void end(StreamOutcome outcome, Throwable failure) {
        if (ended) {
            return;
        }
        ended = true;
        if (clientGone.isDone() || failure instanceof CancellationException) {
            done.complete(null);
            return;
        }
        if (failure != null) {
            LOG.error("A streamed response failed unexpectedly: path={}.", ctx.path(), failure);
            outcome = new StreamOutcome.Failed(new ProviderOutcome.Failure(
                    new JobError(500, "server_error", "internal_error", "internal server error", null),
                    false, Optional.empty()), 0);
        }
        if (writer == null) {
            answerJson(outcome instanceof StreamOutcome.Failed failed ? failed.failure() : emptyStream());
            done.complete(null);
            return;
        }
        if (outcome instanceof StreamOutcome.Failed failed) {
            writer.write(SseFrames.failure(failed.failure().error(), responseId, model, nextSequence));
        }
        writer.close().whenComplete((ignored, closeFailure) -> done.complete(null));
    }

    private void answerJson(ProviderOutcome.Failure failure) {
        JobError error = failure.error();
        error.providerHeaders().forEach(ctx::header);
        ctx.status(error.httpStatus()).contentType("application/json").result(views.bytes(views.errorBody(error)));
    }

    private void clientGone(Throwable cause) {
        LOG.debug("A streaming client went away: {}", cause.toString());
        clientGone.complete(null);
    }

    private static ProviderOutcome.Failure emptyStream() {
        return new ProviderOutcome.Failure(
                new JobError(502, "server_error", "invalid_provider_stream",
                        "the provider ended the stream without sending an event", null),
                true, Optional.empty());
    }
}
