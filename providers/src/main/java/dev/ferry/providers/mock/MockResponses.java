package dev.ferry.providers.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.Objects;

/** Builds the JSON the mock answers with: Responses objects, output messages and OpenAI-style error bodies. */
final class MockResponses {

    private static final int ID_HEX_DIGITS = 32;

    private final ObjectMapper mapper;
    private final MockDice dice;
    private final Clock clock;

    MockResponses(ObjectMapper mapper, MockDice dice, Clock clock) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.dice = Objects.requireNonNull(dice, "dice");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Fixes the ids, timestamp and echo text of a request that will be answered successfully. */
    MockTurn turn(ObjectNode request) {
        String input = MockInputText.of(request.get("input"));
        String instructions = request.path("instructions").isTextual() ? request.get("instructions").asText() : "";
        int inputTokens = Math.max(1, MockInputText.wordCount(input) + MockInputText.wordCount(instructions));
        return new MockTurn(
                "resp_" + dice.hex(ID_HEX_DIGITS), "msg_" + dice.hex(ID_HEX_DIGITS), nowSeconds(), "Echo: " + input, inputTokens, request);
    }

    /** A completed Responses object with one assistant message and usage. */
    ObjectNode completed(MockTurn turn) {
        ObjectNode response = base(turn, "completed");
        response.put("completed_at", nowSeconds());
        response.putArray("output").add(message(turn, "completed", true));
        response.set("usage", usage(turn));
        return response;
    }

    /** The Responses object as streamed before any output exists. */
    ObjectNode inProgress(MockTurn turn) {
        ObjectNode response = base(turn, "in_progress");
        response.putNull("completed_at");
        response.putArray("output");
        response.putNull("usage");
        return response;
    }

    /** The assistant message; without its text while it is still being streamed. */
    ObjectNode message(MockTurn turn, String status, boolean withText) {
        ObjectNode message = mapper.createObjectNode();
        message.put("type", "message");
        message.put("id", turn.messageId());
        message.put("status", status);
        message.put("role", "assistant");
        ArrayNode content = message.putArray("content");
        if (withText) {
            content.add(outputText(turn.text()));
        }
        return message;
    }

    ObjectNode outputText(String text) {
        ObjectNode part = mapper.createObjectNode();
        part.put("type", "output_text");
        part.put("text", text);
        part.putArray("annotations");
        return part;
    }

    /** {@code {"error":{"message","type","param","code"}}}. */
    ObjectNode error(String message, String type, String param, String code) {
        ObjectNode body = mapper.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("message", message);
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        return body;
    }

    ObjectNode object() {
        return mapper.createObjectNode();
    }

    private ObjectNode base(MockTurn turn, String status) {
        ObjectNode request = turn.request();
        ObjectNode response = mapper.createObjectNode();
        response.put("id", turn.responseId());
        response.put("object", "response");
        response.put("created_at", turn.createdAt());
        response.put("status", status);
        response.put("background", false);
        response.putNull("error");
        response.putNull("incomplete_details");
        response.set("instructions", copyOrNull(request.get("instructions")));
        response.set("max_output_tokens", copyOrNull(request.get("max_output_tokens")));
        response.put("model", turn.model());
        response.put("parallel_tool_calls", true);
        response.set("previous_response_id", copyOrNull(request.get("previous_response_id")));
        ObjectNode reasoning = response.putObject("reasoning");
        reasoning.putNull("effort");
        reasoning.putNull("summary");
        response.put("service_tier", "default");
        response.put("store", true);
        response.put("temperature", 1);
        response.putObject("text").putObject("format").put("type", "text");
        response.put("tool_choice", "auto");
        response.putArray("tools");
        response.put("top_p", 1);
        response.put("truncation", "disabled");
        JsonNode metadata = request.get("metadata");
        response.set("metadata", metadata != null && metadata.isObject() ? metadata.deepCopy() : object());
        return response;
    }

    private ObjectNode usage(MockTurn turn) {
        ObjectNode usage = mapper.createObjectNode();
        usage.put("input_tokens", turn.inputTokens());
        usage.putObject("input_tokens_details").put("cached_tokens", 0);
        usage.put("output_tokens", turn.outputTokens());
        usage.putObject("output_tokens_details").put("reasoning_tokens", 0);
        usage.put("total_tokens", turn.inputTokens() + turn.outputTokens());
        return usage;
    }

    private JsonNode copyOrNull(JsonNode value) {
        return value == null ? mapper.nullNode() : value.deepCopy();
    }

    private long nowSeconds() {
        return clock.instant().getEpochSecond();
    }
}
