package dev.ferry.worker;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.job.JobError;
import dev.ferry.core.serde.RawJson;
import dev.ferry.providers.ProviderClient;
import dev.ferry.providers.ProviderOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A provider that answers from a script: each call takes the next scripted outcome, and once the script is used up
 * completes with a response naming the call's input. With {@link #holdCalls} its calls wait until released, as slow
 * upstream calls do.
 */
final class FakeProvider implements ProviderClient {

    private final Deque<ProviderOutcome> script = new ArrayDeque<>();
    private final List<ObjectNode> requests = new ArrayList<>();
    private final Deque<CompletableFuture<ProviderOutcome>> held = new ArrayDeque<>();
    private boolean holdCalls;

    static ProviderOutcome.Failure failure(int status, boolean retryable) {
        return new ProviderOutcome.Failure(
                new JobError(status, "server_error", "upstream_" + status, "the upstream said " + status, null),
                retryable, Optional.empty());
    }

    private static RawJson raw(ObjectNode response) {
        return RawJson.ofBytes(response.toString().getBytes(StandardCharsets.UTF_8));
    }

    static ObjectNode responseTo(String input) {
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        response.put("object", "response");
        response.put("status", "completed");
        response.put("output_text", "echo: " + input);
        return response;
    }

    synchronized FakeProvider then(ProviderOutcome outcome) {
        script.add(outcome);
        return this;
    }

    synchronized void holdCalls() {
        holdCalls = true;
    }

    /** Lets the oldest held call answer. */
    void releaseOne() {
        CompletableFuture<ProviderOutcome> call;
        synchronized (this) {
            call = held.poll();
        }
        call.complete(new ProviderOutcome.Success(raw(responseTo("released"))));
    }

    synchronized int calls() {
        return requests.size();
    }

    synchronized int heldCalls() {
        return held.size();
    }

    @Override
    public synchronized CompletableFuture<ProviderOutcome> createResponse(
            String upstreamModel, ObjectNode request, Duration timeout) {
        requests.add(request);
        if (holdCalls) {
            CompletableFuture<ProviderOutcome> call = new CompletableFuture<>();
            held.add(call);
            return call;
        }
        ProviderOutcome next = script.poll();
        return CompletableFuture.completedFuture(
                next != null ? next : new ProviderOutcome.Success(raw(responseTo(request.path("input").asText()))));
    }
}
