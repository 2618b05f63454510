package dev.ferry.mockprovider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * One request the mock answers successfully, fixed when it arrives.
 *
 * @param responseId {@code resp_…}
 * @param itemId {@code msg_…} or {@code fc_…}, the id of the one output item
 * @param callId {@code call_…}, the call id of a function call
 * @param createdAt unix seconds
 * @param reply what the answer carries (see {@link MockReplies})
 * @param inputTokens the request's input counted with the o200k tokenizer, as {@code input_tokens} counts it
 * @param outputTokens the reply's text (or the call's name and arguments) counted with the same tokenizer
 * @param request the request as received
 */
record MockTurn(
        String responseId,
        String itemId,
        String callId,
        long createdAt,
        MockReply reply,
        int inputTokens,
        int outputTokens,
        ObjectNode request) {

    MockTurn {
        Objects.requireNonNull(responseId, "responseId");
        Objects.requireNonNull(itemId, "itemId");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(reply, "reply");
        Objects.requireNonNull(request, "request");
    }

    String model() {
        return request.path("model").asText();
    }

    /** The message text, or the call's arguments. */
    String text() {
        return reply.text();
    }
}
