package dev.ferry.providers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** An upstream that answers OpenAI Responses API requests. Implementations are non-blocking and thread-safe. */
public interface ProviderClient {

    /**
     * Sends one create request.
     *
     * @param upstreamModel the model name as the upstream knows it (the part after {@code provider/})
     * @param request the Responses request body; implementations send a copy with {@code model} replaced
     * @param timeout the whole call fails with a 504 outcome when the upstream has not answered by then
     * @return a future that always completes normally, with the classified outcome; cancelling it aborts the call
     */
    CompletableFuture<ProviderOutcome> createResponse(String upstreamModel, ObjectNode request, Duration timeout);
}
