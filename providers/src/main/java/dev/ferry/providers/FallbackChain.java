package dev.ferry.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.error.FerryException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Calls a request's model and then, while the failures are retryable, each model of its {@code fallbacks}
 * ({@code ["provider/model", …]}) in order. The first success or terminal failure is the answer; when every model
 * fails retryably the primary's failure is, as with Bifrost.
 */
public final class FallbackChain {

    public static final String FIELD = "fallbacks";
    private static final int MAX_FALLBACKS = 8;

    private final ProviderRouter router;

    public FallbackChain(ProviderRouter router) {
        this.router = router;
    }

    /**
     * The request's models in the order they are tried; every one must route.
     *
     * @throws FerryException.InvalidRequest naming {@code fallbacks} when one is malformed or unknown
     */
    public List<ProviderRouter.Route> routes(ObjectNode request) {
        List<ProviderRouter.Route> routes = new ArrayList<>();
        routes.add(router.route(request.path("model").asText()));
        JsonNode fallbacks = request.get(FIELD);
        if (fallbacks == null || fallbacks.isNull()) {
            return routes;
        }
        if (!fallbacks.isArray() || fallbacks.size() > MAX_FALLBACKS) {
            throw new FerryException.InvalidRequest(
                    "'fallbacks' must be an array of at most " + MAX_FALLBACKS + " model names", FIELD);
        }
        for (JsonNode fallback : fallbacks) {
            if (!fallback.isTextual() || fallback.asText().isBlank()) {
                throw new FerryException.InvalidRequest("'fallbacks' entries must be model names", FIELD);
            }
            try {
                routes.add(router.route(fallback.asText()));
            } catch (FerryException.InvalidRequest e) {
                throw new FerryException.InvalidRequest(e.getMessage(), FIELD, e.code());
            }
        }
        return routes;
    }

    /**
     * Calls the request's models in turn; completes normally, like {@link ProviderClient#createResponse}, and as there,
     * cancelling the returned future aborts the call running at that moment.
     */
    public CompletableFuture<ProviderOutcome> createResponse(ObjectNode request, Duration timeout) {
        List<ProviderRouter.Route> routes = routes(request);
        CompletableFuture<ProviderOutcome> answer = new CompletableFuture<>();
        attempt(routes, 0, request, timeout, null, answer);
        return answer;
    }

    /**
     * Streams the request from its models in turn: the next model is tried only while nothing was streamed yet and
     * the failure is retryable; completes normally, like {@link ProviderClient#streamResponse}. Cancelling the
     * returned future aborts the model being called.
     */
    public CompletableFuture<StreamOutcome> streamResponse(
            ObjectNode request, Duration timeout, StreamListener listener) {
        CompletableFuture<StreamOutcome> result = new CompletableFuture<>();
        streamAttempt(routes(request), 0, request, timeout, listener, null, result);
        return result;
    }

    private void streamAttempt(
            List<ProviderRouter.Route> routes,
            int index,
            ObjectNode request,
            Duration timeout,
            StreamListener listener,
            StreamOutcome.Failed primaryFailure,
            CompletableFuture<StreamOutcome> result) {
        ProviderRouter.Route route = routes.get(index);
        CompletableFuture<StreamOutcome> call =
                route.client().streamResponse(route.upstreamModel(), request, timeout, listener);
        result.whenComplete((done, failure) -> call.cancel(true));
        call.whenComplete((outcome, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
            } else if (outcome instanceof StreamOutcome.Failed failed && failed.beforeFirstEvent()
                    && failed.failure().retryable() && index + 1 < routes.size() && !result.isDone()) {
                streamAttempt(routes, index + 1, request, timeout, listener,
                        primaryFailure == null ? failed : primaryFailure, result);
            } else if (outcome instanceof StreamOutcome.Failed failed && failed.beforeFirstEvent()
                    && failed.failure().retryable() && primaryFailure != null) {
                result.complete(primaryFailure);
            } else {
                result.complete(outcome);
            }
        });
    }

    private void attempt(
            List<ProviderRouter.Route> routes,
            int index,
            ObjectNode request,
            Duration timeout,
            ProviderOutcome.Failure primaryFailure,
            CompletableFuture<ProviderOutcome> answer) {
        ProviderRouter.Route route = routes.get(index);
        CompletableFuture<ProviderOutcome> call =
                route.client().createResponse(route.upstreamModel(), request, timeout);
        answer.whenComplete((outcome, cancelled) -> call.cancel(true));
        call.whenComplete((outcome, error) -> {
            try {
                if (error != null) {
                    answer.completeExceptionally(error);
                } else if (outcome instanceof ProviderOutcome.Failure failure && failure.retryable()
                        && index + 1 < routes.size()) {
                    attempt(routes, index + 1, request, timeout, primaryFailure == null ? failure : primaryFailure,
                            answer);
                } else if (outcome instanceof ProviderOutcome.Failure failure && failure.retryable()
                        && primaryFailure != null) {
                    answer.complete(primaryFailure);
                } else {
                    answer.complete(outcome);
                }
            } catch (RuntimeException bug) {
                answer.completeExceptionally(bug);
            }
        });
    }
}
