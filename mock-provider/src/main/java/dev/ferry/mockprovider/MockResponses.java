package dev.ferry.mockprovider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.ferry.core.config.ProviderSettings;
import dev.ferry.tokens.TokenCounter;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Builds the JSON the mock answers with: Responses objects that echo the request's parameters as OpenAI does, their
 * output items (a message or a function call), and OpenAI-style error bodies.
 */
final class MockResponses {

    private static final int ID_HEX_DIGITS = 32;
    private static final String MOCK = ProviderSettings.MOCK;
    /** Request parameters a Responses object echoes, and what it says when the request left one out. */
    private static final Map<String, Supplier<JsonNode>> ECHOED = echoed();

    private final ObjectMapper mapper;
    private final MockDice dice;
    private final Clock clock;
    private final MockReplies replies;
    private final TokenCounter tokens;

    MockResponses(ObjectMapper mapper, MockDice dice, Clock clock, TokenCounter tokens) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.dice = Objects.requireNonNull(dice, "dice");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.replies = new MockReplies(mapper);
    }

    /** Fixes the ids, timestamp, reply and usage of a request that will be answered successfully. */
    MockTurn turn(ObjectNode request) {
        MockReply reply = replies.choose(request);
        String model = request.path("model").asText();
        int output = reply instanceof MockReply.FunctionCall call
                ? tokens.countText(MOCK, model, call.name()) + tokens.countText(MOCK, model, call.arguments())
                : tokens.countText(MOCK, model, reply.text());
        String itemPrefix = reply instanceof MockReply.FunctionCall ? "fc_" : "msg_";
        return new MockTurn("resp_" + dice.hex(ID_HEX_DIGITS), itemPrefix + dice.hex(ID_HEX_DIGITS),
                "call_" + dice.hex(24), nowSeconds(), reply, inputTokens(request), output, request);
    }

    /** The request's input tokens, as {@code POST /v1/responses/input_tokens} counts them. */
    int inputTokens(ObjectNode request) {
        return tokens.count(MOCK, request.path("model").asText(), request);
    }

    /** A completed Responses object with its one output item and usage. */
    ObjectNode completed(MockTurn turn) {
        ObjectNode response = base(turn, "completed");
        response.put("completed_at", nowSeconds());
        response.putArray("output").add(item(turn, "completed", true));
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

    /** The output item: the assistant message or the function call; without its text while it is being streamed. */
    ObjectNode item(MockTurn turn, String status, boolean withText) {
        ObjectNode item = mapper.createObjectNode();
        if (turn.reply() instanceof MockReply.FunctionCall call) {
            item.put("type", "function_call");
            item.put("id", turn.itemId());
            item.put("call_id", turn.callId());
            item.put("name", call.name());
            item.put("arguments", withText ? call.arguments() : "");
            item.put("status", status);
            return item;
        }
        item.put("type", "message");
        item.put("id", turn.itemId());
        item.put("status", status);
        item.put("role", "assistant");
        ArrayNode content = item.putArray("content");
        if (withText) {
            content.add(outputText(turn.text()));
        }
        return item;
    }

    ObjectNode outputText(String text) {
        ObjectNode part = mapper.createObjectNode();
        part.put("type", "output_text");
        part.put("text", text);
        part.putArray("annotations");
        part.putArray("logprobs");
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
        response.put("background", request.path("background").asBoolean(false));
        response.putNull("error");
        response.putNull("incomplete_details");
        response.put("model", turn.model());
        ECHOED.forEach((field, missing) -> {
            JsonNode sent = request.get(field);
            response.set(field, sent == null || sent.isNull() ? missing.get() : sent.deepCopy());
        });
        if (!response.path("text").has("format")) {
            ((ObjectNode) response.get("text")).putObject("format").put("type", "text");
        }
        return response;
    }

    private static Map<String, Supplier<JsonNode>> echoed() {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        Map<String, Supplier<JsonNode>> echoed = new LinkedHashMap<>();
        echoed.put("instructions", nodes::nullNode);
        echoed.put("max_output_tokens", nodes::nullNode);
        echoed.put("max_tool_calls", nodes::nullNode);
        echoed.put("parallel_tool_calls", () -> nodes.booleanNode(true));
        echoed.put("previous_response_id", nodes::nullNode);
        echoed.put("reasoning", () -> nodes.objectNode().putNull("effort").putNull("summary"));
        echoed.put("service_tier", () -> nodes.textNode("default"));
        echoed.put("store", () -> nodes.booleanNode(true));
        echoed.put("temperature", () -> nodes.numberNode(1.0));
        echoed.put("text", () -> nodes.objectNode().put("verbosity", "medium"));
        echoed.put("tool_choice", () -> nodes.textNode("auto"));
        echoed.put("tools", nodes::arrayNode);
        echoed.put("top_logprobs", () -> nodes.numberNode(0));
        echoed.put("top_p", () -> nodes.numberNode(1.0));
        echoed.put("truncation", () -> nodes.textNode("disabled"));
        echoed.put("user", nodes::nullNode);
        echoed.put("metadata", nodes::objectNode);
        return Collections.unmodifiableMap(echoed);
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

    private long nowSeconds() {
        return clock.instant().getEpochSecond();
    }
}
