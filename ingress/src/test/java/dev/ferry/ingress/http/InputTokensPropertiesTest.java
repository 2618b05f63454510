package dev.ferry.ingress.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.knuddels.jtokkit.Encodings;
import dev.ferry.core.config.TokenCountSettings;
import dev.ferry.core.error.FerryException;
import dev.ferry.core.serde.Json;
import dev.ferry.tokens.TokenCounter;
import dev.ferry.ingress.tokens.TokenCountingPool;
import dev.ferry.providers.ProviderClient;
import dev.ferry.providers.ProviderRouter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Input-token requests of every shape the Responses API allows, and of shapes it does not: each is a count or a 400
 * naming the field at fault, never another failure; and messages count independently of each other.
 */
class InputTokensPropertiesTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ProviderClient NEVER_CALLED = (model, request, timeout) ->
            CompletableFuture.failedFuture(new AssertionError("counting must not call a provider"));
    private static final ProviderRouter ROUTER = new ProviderRouter(
            Map.of("mock", NEVER_CALLED, "openai", NEVER_CALLED, "azure", NEVER_CALLED, "anthropic", NEVER_CALLED));
    private static final InputTokensRoutes ROUTES = new InputTokensRoutes(
            new RequestBodies(Json.newMapper(), ROUTER, new BoundedBody(8L * 1024 * 1024, 0, System::nanoTime)),
            ROUTER, new TokenCounter(Encodings.newLazyEncodingRegistry()),
            new TokenCountingPool(TokenCountSettings.DEFAULT), Json.newMapper(), new JobBodies(Json.newMapper()),
            java.time.Duration.ofSeconds(5));
    private static final Set<String> PARAMS = Set.of("model", "input", "stream");

    @Property(tries = 3000)
    void shouldAnswerAnyRequestShapeWithACountOrAnInvalidRequestNamingTheField(
            @ForAll("requests") ObjectNode request) {
        int tokens;
        try {
            tokens = count(request);
        } catch (FerryException.InvalidRequest rejected) {
            assertNotNull(rejected.code(), "every 400 carries a code");
            assertTrue(rejected.param() == null || PARAMS.contains(rejected.param()), rejected.param());
            return;
        }
        assertTrue(tokens >= TokenCounter.REPLY_PRIMING, "a count below the reply priming: " + tokens);
    }

    @Property(tries = 1000)
    void shouldCountTwoMessagesAsTheSumOfEachAlone(
            @ForAll("messages") ObjectNode first, @ForAll("messages") ObjectNode second) {
        int both = count(withInput("openai/gpt-4o", JSON.arrayNode().add(first).add(second)));
        int firstAlone = count(withInput("openai/gpt-4o", JSON.arrayNode().add(first)));
        int secondAlone = count(withInput("openai/gpt-4o", JSON.arrayNode().add(second)));

        assertEquals(firstAlone + secondAlone - TokenCounter.REPLY_PRIMING, both);
    }

    private static int count(ObjectNode request) {
        return ROUTES.count(request.toString().getBytes(StandardCharsets.UTF_8), () -> { });
    }

    private static ObjectNode withInput(String model, ArrayNode input) {
        ObjectNode request = JSON.objectNode().put("model", model);
        request.set("input", input);
        return request;
    }

    @Provide
    Arbitrary<ObjectNode> requests() {
        Arbitrary<String> models = Arbitraries.of("openai/gpt-4o", "openai/gpt-4", "azure/gpt-35-turbo", "mock/echo",
                "openai/o3-mini", "anthropic/claude-x", "openai/llama-3", "nowhere/gpt-4o", "", " ");
        Arbitrary<JsonNode> inputs = Arbitraries.oneOf(texts().map(JSON::textNode),
                items().list().ofMaxSize(4).map(list -> JSON.arrayNode().addAll(list)),
                Arbitraries.of(JSON.numberNode(42), JSON.booleanNode(true), JSON.objectNode()));
        Arbitrary<JsonNode> streams = Arbitraries.<JsonNode>of(JSON.textNode("yes"), JSON.numberNode(1),
                JSON.booleanNode(false)).injectNull(0.7);
        return Combinators.combine(models, inputs.injectNull(0.05), texts().injectNull(0.6), streams)
                .as((model, input, instructions, stream) -> {
                    ObjectNode request = JSON.objectNode().put("model", model);
                    if (input != null) {
                        request.set("input", input);
                    }
                    if (instructions != null) {
                        request.put("instructions", instructions);
                    }
                    if (stream != null) {
                        request.set("stream", stream);
                    }
                    return request;
                });
    }

    /** Input items: messages, function calls and outputs, items without a role, and values that are no items. */
    private Arbitrary<JsonNode> items() {
        Arbitrary<JsonNode> functionCalls = Combinators.combine(texts(), texts())
                .as((name, arguments) -> JSON.objectNode().put("type", "function_call").put("name", name)
                        .put("arguments", arguments));
        Arbitrary<JsonNode> outputs = texts()
                .map(output -> JSON.objectNode().put("type", "function_call_output").put("output", output));
        Arbitrary<JsonNode> oddities = Arbitraries.of(
                JSON.textNode("just a string"), JSON.numberNode(7), JSON.nullNode(),
                JSON.objectNode().put("type", "reasoning"),
                (JsonNode) JSON.objectNode().put("role", "user").put("content", 42),
                JSON.objectNode().put("role", "user").set("content", JSON.objectNode()));
        return Arbitraries.oneOf(messages().map(m -> m), functionCalls, outputs, oddities);
    }

    /** Valid messages: a role and content as a string or as text parts (with parts that count nothing). */
    @Provide
    Arbitrary<ObjectNode> messages() {
        Arbitrary<String> roles = Arbitraries.of("user", "assistant", "system", "developer");
        Arbitrary<JsonNode> parts = Combinators.combine(
                Arbitraries.of("input_text", "output_text", "text", "refusal", "input_image"), texts())
                .as((type, text) -> type.equals("refusal")
                        ? JSON.objectNode().put("type", type).put("refusal", text)
                        : JSON.objectNode().put("type", type).put("text", text));
        Arbitrary<JsonNode> contents = Arbitraries.oneOf(
                texts().map(JSON::textNode), parts.list().ofMaxSize(3).map(list -> JSON.arrayNode().addAll(list)));
        return Combinators.combine(roles, contents).as((role, content) -> {
            ObjectNode message = JSON.objectNode().put("role", role);
            message.set("content", content);
            return message;
        });
    }

    private static Arbitrary<String> texts() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40),
                Arbitraries.of("Hello, world!", "", " ", "<|endoftext|>", "don't", "汉字", "😀", "\ud800"),
                Arbitraries.strings().withChars(' ', 'a', '!', '7').ofMinLength(5000).ofMaxLength(9000));
    }
}
