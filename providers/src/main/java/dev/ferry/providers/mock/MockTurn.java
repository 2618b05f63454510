package dev.ferry.providers.mock;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * One request the mock answers successfully, fixed when it arrives.
 *
 * @param responseId {@code resp_…}
 * @param messageId {@code msg_…}, the id of the one output message
 * @param createdAt unix seconds
 * @param text the answer, {@code "Echo: "} followed by the input text
 * @param inputTokens whitespace-separated words in the input and instructions
 * @param request the request as received
 */
record MockTurn(String responseId, String messageId, long createdAt, String text, int inputTokens, ObjectNode request) {

    MockTurn {
        Objects.requireNonNull(responseId, "responseId");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(request, "request");
    }

    String model() {
        return request.path("model").asText();
    }

    int outputTokens() {
        return MockInputText.wordCount(text);
    }
}
