package dev.ferry.ingress.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.providers.ProviderRouter;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Synchronous streaming creates ({@code stream:true} without {@code x-bf-async}): the provider's server-sent events
 * are relayed to the client as they arrive, frame for frame (see {@link SseRelay}).
 *
 * <p>No thread is held per stream, neither Jetty's nor one of our own: the request is already async (its body was read
 * with non-blocking I/O), provider events arrive on the HTTP client's threads, writes to the client use non-blocking
 * servlet I/O, and the provider is read only as fast as the client takes the frames, so at most one event per stream
 * sits in memory. Javalin's async timeout does not apply to a stream (the create route turns it off); the provider
 * timeout bounds the wait for the stream to open and for each next event. A client that goes away is noticed at the
 * next write, which cancels the provider call.
 */
final class StreamingResponses {

    private final JobBodies views;
    private final Duration providerTimeout;

    StreamingResponses(JobBodies views, Duration providerTimeout) {
        this.views = Objects.requireNonNull(views, "views");
        this.providerTimeout = Objects.requireNonNull(providerTimeout, "providerTimeout");
    }

    /**
     * Answers {@code ctx}, already async, with the stream of {@code request}, already validated and routed to
     * {@code route}; the future completes once the stream is written or the client is gone.
     */
    CompletableFuture<Void> stream(Context ctx, ProviderRouter.Route route, ObjectNode request) {
        return new SseRelay(ctx, views, request.path("model").asText()).start(route, request, providerTimeout);
    }
}
