package dev.ferry.providers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.job.JobError;
import java.time.Duration;
import java.util.Optional;
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

    /**
     * Asks the upstream to count the input tokens of a Responses request ({@code POST /responses/input_tokens}), for
     * models Ferry has no local tokenizer for. A success carries the upstream's
     * {@code {"object":"response.input_tokens","input_tokens":N}}.
     *
     * @return completes normally with the classified outcome, like {@link #createResponse}
     */
    default CompletableFuture<ProviderOutcome> countInputTokens(
            String upstreamModel, ObjectNode request, Duration timeout) {
        return CompletableFuture.completedFuture(new ProviderOutcome.Failure(
                new JobError(400, "invalid_request_error", "unsupported_model",
                        "this provider cannot count input tokens", "model"),
                false,
                Optional.empty()));
    }

    /**
     * Sends one create request with {@code stream:true} and hands each server-sent event to {@code listener} as it
     * arrives, as the provider sent it. {@code response.ping} keep-alives and {@code [DONE]} markers are dropped.
     *
     * @param upstreamModel the model name as the upstream knows it (the part after {@code provider/})
     * @param request the Responses request body; implementations send a copy with {@code model} replaced
     * @param timeout how long the upstream may take to open the stream, and then to send each next event; a stream
     *     that is merely held back by a slow {@code listener} does not time out
     * @param listener receives the events; see {@link StreamListener} for threading and back-pressure
     * @return a future that completes normally once the stream has ended, with how it ended: a provider that answers
     *     non-2xx gives a classified {@link StreamOutcome.Failed} with no events. Cancelling it aborts the call.
     */
    default CompletableFuture<StreamOutcome> streamResponse(
            String upstreamModel,
            ObjectNode request,
            Duration timeout,
            StreamListener listener) {
        return CompletableFuture.completedFuture(new StreamOutcome.Failed(
                new ProviderOutcome.Failure(
                        new JobError(400, "invalid_request_error", "unsupported_parameter",
                                "this provider does not support streaming", "stream"),
                        false,
                        Optional.empty()),
                0));
    }
}
