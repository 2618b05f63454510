package dev.ferry.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import dev.ferry.core.error.FerryException;
import dev.ferry.core.serde.Json;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenCounterTest {

    private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();

    private final ObjectMapper mapper = Json.newMapper();
    private final TokenCounter counter = new TokenCounter(REGISTRY);
    private final Encoding o200k = REGISTRY.getEncoding(EncodingType.O200K_BASE);

    private JsonNode json(String text) throws Exception {
        return mapper.readTree(text);
    }

    private int count(String model, String request) throws Exception {
        return counter.count("openai", model, json(request));
    }

    @Test
    void shouldCountHelloWorldAsFourTokensInO200k() {
        assertEquals(4, o200k.countTokensOrdinary("Hello, world!"));
    }

    @Test
    void shouldCountStringInputAsOneUserMessagePlusPriming() throws Exception {
        int tokens = count("gpt-4o", "{\"model\":\"gpt-4o\",\"input\":\"Hello, world!\"}");

        int expected = TokenCounter.REPLY_PRIMING + TokenCounter.TOKENS_PER_MESSAGE
                + o200k.countTokensOrdinary("user") + o200k.countTokensOrdinary("Hello, world!");
        assertEquals(expected, tokens);
        assertEquals(11, tokens);
    }

    @Test
    void shouldCountLongerTextAsMoreTokens() throws Exception {
        int shortText = count("gpt-4o", "{\"input\":\"Hello, world!\"}");
        int longText = count("gpt-4o",
                "{\"input\":\"Hello, world! This sentence is considerably longer than the greeting before it.\"}");

        assertTrue(longText > shortText, longText + " should exceed " + shortText);
    }

    @Test
    void shouldSumTheMessagesOfAnArrayInput() throws Exception {
        int first = count("gpt-4o", "{\"input\":[{\"role\":\"user\",\"content\":\"What is the capital of France?\"}]}");
        int second = count("gpt-4o", "{\"input\":[{\"role\":\"assistant\",\"content\":\"Paris.\"}]}");
        int both = count("gpt-4o", "{\"input\":[{\"role\":\"user\",\"content\":\"What is the capital of France?\"},"
                + "{\"role\":\"assistant\",\"content\":\"Paris.\"}]}");

        assertEquals(first + second - TokenCounter.REPLY_PRIMING, both);
    }

    @Test
    void shouldCountContentPartsLikeStringContent() throws Exception {
        int asString = count("gpt-4o", "{\"input\":[{\"role\":\"user\",\"content\":\"Describe the sea.\"}]}");
        int asParts = count("gpt-4o", "{\"input\":[{\"type\":\"message\",\"role\":\"user\","
                + "\"content\":[{\"type\":\"input_text\",\"text\":\"Describe the sea.\"},"
                + "{\"type\":\"input_image\",\"image_url\":\"https://example.com/sea.png\"}]}]}");
        int outputText = count("gpt-4o", "{\"input\":[{\"role\":\"user\","
                + "\"content\":[{\"type\":\"output_text\",\"text\":\"Describe the sea.\"}]}]}");

        assertEquals(asString, asParts);
        assertEquals(asString, outputText);
    }

    @Test
    void shouldCountInstructionsAsASystemMessage() throws Exception {
        int without = count("gpt-4o", "{\"input\":\"Hi\"}");
        int with = count("gpt-4o", "{\"input\":\"Hi\",\"instructions\":\"Answer in French.\"}");

        assertEquals(TokenCounter.TOKENS_PER_MESSAGE + o200k.countTokensOrdinary("system")
                + o200k.countTokensOrdinary("Answer in French."), with - without);
    }

    @Test
    void shouldCountToolDefinitionsAsTheirJsonText() throws Exception {
        String tools = "[{\"type\":\"function\",\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\","
                + "\"properties\":{\"city\":{\"type\":\"string\"}}}}]";
        int without = count("gpt-4o", "{\"input\":\"Hi\"}");
        int with = count("gpt-4o", "{\"input\":\"Hi\",\"tools\":" + tools + "}");

        assertEquals(o200k.countTokensOrdinary(json(tools).toString()), with - without);
    }

    @Test
    void shouldCountFunctionCallItems() throws Exception {
        int without = count("gpt-4o", "{\"input\":[]}");
        int with = count("gpt-4o", "{\"input\":[{\"type\":\"function_call\",\"call_id\":\"c1\",\"name\":\"get_weather\","
                + "\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"},"
                + "{\"type\":\"function_call_output\",\"call_id\":\"c1\",\"output\":\"sunny, 21 C\"}]}");

        assertTrue(with > without + 2 * TokenCounter.TOKENS_PER_MESSAGE);
    }

    @Test
    void shouldCountSpecialTokenMarkersAsOrdinaryText() throws Exception {
        int tokens = count("gpt-4o", "{\"input\":\"<|endoftext|> is just text here\"}");

        assertTrue(tokens > TokenCounter.REPLY_PRIMING + TokenCounter.TOKENS_PER_MESSAGE);
    }

    @Test
    void shouldUseCl100kForGpt4AndOlderModels() throws Exception {
        Encoding cl100k = REGISTRY.getEncoding(EncodingType.CL100K_BASE);
        String text = "Tokenizers differ: naïve café ☕ 12345678";

        int tokens = count("gpt-4", "{\"input\":\"" + text + "\"}");

        assertEquals(6 + cl100k.countTokensOrdinary("user") + cl100k.countTokensOrdinary(text), tokens);
    }

    @Test
    void shouldPickTheEncodingOfEachOpenAiFamily() {
        for (String model : new String[] {"gpt-4o", "gpt-4o-mini", "chatgpt-4o-latest", "gpt-4.1-nano", "gpt-5",
                "gpt-5-mini", "o1", "o1-mini", "o3", "o3-mini", "o4-mini", "ft:gpt-4o-mini-2024-07-18:acme::abc"}) {
            assertEquals(Optional.of(EncodingType.O200K_BASE), TokenCounter.encodingFor("openai", model), model);
        }
        for (String model : new String[] {"gpt-4", "gpt-4-turbo", "gpt-4-0613", "gpt-3.5-turbo",
                "text-embedding-3-small", "text-embedding-ada-002"}) {
            assertEquals(Optional.of(EncodingType.CL100K_BASE), TokenCounter.encodingFor("openai", model), model);
        }
        assertEquals(Optional.of(EncodingType.O200K_BASE), TokenCounter.encodingFor("azure", "gpt-4o"));
        assertEquals(Optional.of(EncodingType.CL100K_BASE), TokenCounter.encodingFor("azure", "gpt-35-turbo"));
        assertEquals(Optional.of(EncodingType.O200K_BASE), TokenCounter.encodingFor("mock", "echo"));
    }

    @Test
    void shouldRejectModelsWithoutALocalTokenizer() throws Exception {
        JsonNode request = json("{\"input\":\"Hi\"}");

        for (String[] ref : new String[][] {{"anthropic", "claude-x"}, {"openai", "llama-3"}, {"openai", "o10"},
                {"azure", "my-deployment"}}) {
            FerryException.InvalidRequest error = assertThrows(FerryException.InvalidRequest.class,
                    () -> counter.count(ref[0], ref[1], request));
            assertEquals("model", error.param());
            assertEquals("unsupported_model", error.code());
            assertTrue(error.getMessage().contains("token counting is not available for model '" + ref[0] + "/"
                    + ref[1] + "'"), error.getMessage());
        }
    }

    @Test
    void shouldRejectInputItemsThatAreNotObjects() throws Exception {
        FerryException.InvalidRequest error = assertThrows(FerryException.InvalidRequest.class,
                () -> count("gpt-4o", "{\"input\":[\"just a string\"]}"));

        assertEquals("input", error.param());
    }
}
