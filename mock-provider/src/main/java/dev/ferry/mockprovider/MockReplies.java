package dev.ferry.mockprovider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * Decides, deterministically, what a request is answered with, the way OpenAI's Responses API answers the features
 * clients use:
 *
 * <ol>
 *   <li>With function {@code tools} and a {@code tool_choice} that allows a call ({@code auto}, the default,
 *       {@code required}, or one named function), and no {@code function_call_output} in the input yet: a
 *       {@code function_call} of the named tool (else the first), whose arguments validate against its
 *       {@code parameters}.</li>
 *   <li>With {@code text.format} {@code json_schema}: a JSON instance of the schema as the message text;
 *       {@code json_object}: {@code {"echo": <input>}}.</li>
 *   <li>Otherwise {@code Echo: <input>}, where the input is the last user message, or the output of the last
 *       {@code function_call_output} when the input ends with tool results.</li>
 * </ol>
 */
final class MockReplies {

    private final ObjectMapper mapper;

    MockReplies(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    MockReply choose(ObjectNode request) {
        JsonNode input = request.get("input");
        String question = MockInputText.of(input);
        JsonNode tool = toolToCall(request);
        if (tool != null && !MockInputText.hasFunctionCallOutput(input)) {
            JsonNode parameters = tool.path("parameters");
            JsonNode arguments = parameters.isObject()
                    ? new MockJsonInstance(parameters, question).build() : mapper.createObjectNode();
            return new MockReply.FunctionCall(tool.path("name").asText(), arguments.toString());
        }
        String answerTo = MockInputText.lastFunctionCallOutput(input).orElse(question);
        JsonNode format = request.path("text").path("format");
        switch (format.path("type").asText("text")) {
            case "json_schema":
                return new MockReply.Message(new MockJsonInstance(format.path("schema"), answerTo).build().toString());
            case "json_object":
                return new MockReply.Message(mapper.createObjectNode().put("echo", answerTo).toString());
            default:
                return new MockReply.Message("Echo: " + answerTo);
        }
    }

    /** The function tool a request's {@code tool_choice} allows calling, or null when none may be called. */
    private static JsonNode toolToCall(ObjectNode request) {
        JsonNode tools = request.path("tools");
        JsonNode choice = request.path("tool_choice");
        if (!tools.isArray() || "none".equals(choice.asText())) {
            return null;
        }
        String named = choice.isObject() ? choice.path("name").asText(null) : null;
        for (JsonNode tool : tools) {
            boolean function = "function".equals(tool.path("type").asText());
            if (function && (named == null || named.equals(tool.path("name").asText()))) {
                return tool;
            }
        }
        return null;
    }
}
