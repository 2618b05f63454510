package dev.ferry.mockprovider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.knuddels.jtokkit.Encodings;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.ferry.core.config.MockProviderSettings;
import dev.ferry.core.serde.Json;
import dev.ferry.tokens.TokenCounter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The mock answers structured output, tools and parameters the way OpenAI's Responses API does, over HTTP. */
class MockRealismTest {

    private static final ObjectMapper MAPPER = Json.newMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final TokenCounter TOKENS = new TokenCounter(Encodings.newLazyEncodingRegistry());
    private static MockProviderServer mock;

    /** Schemas as Zod 4, Pydantic and hand-written strict schemas produce them. */
    private static final String[] SCHEMAS_SENT = {
        "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},\"temperature\":{\"type\":\"number\"},"
                + "\"unit\":{\"type\":\"string\",\"enum\":[\"c\",\"f\"]}},\"required\":[\"city\",\"temperature\","
                + "\"unit\"],\"additionalProperties\":false}",
        "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\",\"properties\":{\"name\":"
                + "{\"type\":\"string\",\"minLength\":3,\"maxLength\":5},\"age\":{\"type\":\"integer\",\"minimum\":18,"
                + "\"maximum\":120},\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"minItems\":2},"
                + "\"email\":{\"type\":\"string\",\"format\":\"email\"},\"nickname\":{\"anyOf\":[{\"type\":\"string\"},"
                + "{\"type\":\"null\"}]}},\"required\":[\"name\",\"age\",\"tags\",\"email\",\"nickname\"],"
                + "\"additionalProperties\":false}",
        "{\"$defs\":{\"Step\":{\"type\":\"object\",\"properties\":{\"explanation\":{\"type\":\"string\"},\"output\":"
                + "{\"type\":\"string\"}},\"required\":[\"explanation\",\"output\"],\"additionalProperties\":false}},"
                + "\"type\":\"object\",\"properties\":{\"steps\":{\"type\":\"array\",\"items\":{\"$ref\":"
                + "\"#/$defs/Step\"}},\"final_answer\":{\"type\":\"string\"},\"score\":{\"type\":\"number\","
                + "\"exclusiveMinimum\":0,\"multipleOf\":0.5},\"ok\":{\"type\":[\"boolean\",\"null\"]},\"kind\":"
                + "{\"const\":\"math\"}},\"required\":[\"steps\",\"final_answer\",\"score\",\"ok\",\"kind\"]}",
        "{\"type\":\"object\",\"properties\":{\"node\":{\"$ref\":\"#/$defs/Node\"}},\"required\":[\"node\"],"
                + "\"$defs\":{\"Node\":{\"type\":\"object\",\"properties\":{\"value\":{\"type\":\"integer\","
                + "\"exclusiveMaximum\":0},\"children\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/Node\"}}},"
                + "\"required\":[\"value\"]}}}"
    };

    @BeforeAll
    static void start() {
        mock = new MockProviderServer(new MockProviderSettings("127.0.0.1", 0, Duration.ZERO, 0), MAPPER,
                new Random(7)).start();
    }

    @AfterAll
    static void stop() {
        mock.close();
    }

    private static JsonNode post(String path, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(mock.baseUrl() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("x-request-id").orElse("").startsWith("req_"));
        return MAPPER.readTree(response.body());
    }

    private static List<JsonNode> stream(String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(mock.baseUrl() + "/responses"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        List<JsonNode> events = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            if (line.startsWith("data: ")) {
                events.add(MAPPER.readTree(line.substring(6)));
            }
        }
        return events;
    }

    private static String structured(String schema, boolean stream) {
        return "{\"model\":\"gpt-4o\",\"input\":\"Weather in Paris?\",\"stream\":" + stream + ",\"text\":{\"format\":"
                + "{\"type\":\"json_schema\",\"name\":\"answer\",\"strict\":true,\"schema\":" + schema + "}}}";
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void shouldAnswerStructuredOutputWithJsonThatValidatesAgainstTheRequestedSchema(int which) throws Exception {
        String schema = SCHEMAS_SENT[which];
        JsonNode response = post("/responses", structured(schema, false));

        String text = response.at("/output/0/content/0/text").asText();
        Schema validator = SCHEMAS.getSchema(schema);
        assertEquals(List.of(), validator.validate(text, InputFormat.JSON), text);
        assertEquals("json_schema", response.at("/text/format/type").asText());
        assertEquals(MAPPER.readTree(schema), response.at("/text/format/schema"));
    }

    @Test
    void shouldAnswerTheSameRequestWithTheSameOutput() throws Exception {
        JsonNode first = post("/responses", structured(SCHEMAS_SENT[2], false));
        JsonNode second = post("/responses", structured(SCHEMAS_SENT[2], false));

        assertEquals(first.get("output").get(0).get("content"), second.get("output").get(0).get("content"));
        assertEquals(first.get("usage"), second.get("usage"));
    }

    @Test
    void shouldCallAToolWithArgumentsValidForItsParametersThenAnswerOnceTheOutputComesBack() throws Exception {
        String parameters = "{\"type\":\"object\",\"properties\":{\"location\":{\"type\":\"string\"},\"days\":"
                + "{\"type\":\"integer\",\"minimum\":1,\"maximum\":7}},\"required\":[\"location\",\"days\"],"
                + "\"additionalProperties\":false}";
        String tools = "[{\"type\":\"function\",\"name\":\"get_weather\",\"description\":\"Weather\",\"strict\":true,"
                + "\"parameters\":" + parameters + "}]";
        JsonNode call = post("/responses", "{\"model\":\"gpt-4o\",\"input\":\"Weather in Oslo?\",\"tools\":" + tools
                + ",\"tool_choice\":\"auto\"}");

        JsonNode item = call.at("/output/0");
        assertEquals("function_call", item.get("type").asText());
        assertEquals("get_weather", item.get("name").asText());
        assertTrue(item.get("call_id").asText().startsWith("call_"));
        assertEquals(List.of(), SCHEMAS.getSchema(parameters).validate(item.get("arguments").asText(),
                InputFormat.JSON));
        assertEquals(MAPPER.readTree(tools), call.get("tools"));
        assertEquals("auto", call.get("tool_choice").asText());

        String followUp = "{\"model\":\"gpt-4o\",\"tools\":" + tools + ",\"input\":[{\"role\":\"user\",\"content\":"
                + "\"Weather in Oslo?\"}," + item + ",{\"type\":\"function_call_output\",\"call_id\":\""
                + item.get("call_id").asText() + "\",\"output\":\"12 degrees\"}]}";
        JsonNode answer = post("/responses", followUp);
        assertEquals("message", answer.at("/output/0/type").asText());
        assertEquals("Echo: 12 degrees", answer.at("/output/0/content/0/text").asText());
    }

    @Test
    void shouldAnswerTextWhenToolChoiceIsNone() throws Exception {
        JsonNode response = post("/responses", "{\"model\":\"gpt-4o\",\"input\":\"hi\",\"tool_choice\":\"none\","
                + "\"tools\":[{\"type\":\"function\",\"name\":\"f\",\"parameters\":{\"type\":\"object\"}}]}");

        assertEquals("Echo: hi", response.at("/output/0/content/0/text").asText());
    }

    @Test
    void shouldCallTheToolThatToolChoiceNames() throws Exception {
        JsonNode response = post("/responses", "{\"model\":\"gpt-4o\",\"input\":\"hi\",\"tool_choice\":{\"type\":"
                + "\"function\",\"name\":\"second\"},\"tools\":[{\"type\":\"function\",\"name\":\"first\"},"
                + "{\"type\":\"function\",\"name\":\"second\",\"parameters\":{\"type\":\"object\",\"properties\":{}}}]}");

        assertEquals("second", response.at("/output/0/name").asText());
        assertEquals("{}", response.at("/output/0/arguments").asText());
    }

    @Test
    void shouldStreamAFunctionCallAsOpenAiDoes() throws Exception {
        List<JsonNode> events = stream("{\"model\":\"gpt-4o\",\"input\":\"Weather?\",\"stream\":true,\"tools\":"
                + "[{\"type\":\"function\",\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\",\"properties\":"
                + "{\"location\":{\"type\":\"string\"}},\"required\":[\"location\"]}}]}");

        List<String> types = events.stream().map(event -> event.get("type").asText()).distinct().toList();
        assertEquals(List.of("response.created", "response.in_progress", "response.output_item.added",
                "response.function_call_arguments.delta", "response.function_call_arguments.done",
                "response.output_item.done", "response.completed"), types);
        StringBuilder arguments = new StringBuilder();
        events.stream().filter(event -> event.get("type").asText().endsWith("arguments.delta"))
                .forEach(event -> arguments.append(event.get("delta").asText()));
        JsonNode done = events.get(events.size() - 1).at("/response/output/0");
        assertEquals(done.get("arguments").asText(), arguments.toString());
        assertEquals("function_call", events.get(2).at("/item/type").asText());
        assertEquals("", events.get(2).at("/item/arguments").asText());
    }

    @Test
    void shouldEchoTheRequestsParameters() throws Exception {
        JsonNode response = post("/responses", "{\"model\":\"gpt-4o\",\"input\":\"hi\",\"temperature\":0.2,"
                + "\"top_p\":0.5,\"max_output_tokens\":64,\"parallel_tool_calls\":false,\"store\":false,"
                + "\"metadata\":{\"k\":\"v\"},\"text\":{\"verbosity\":\"low\"},\"user\":\"u1\"}");

        assertEquals(0.2, response.get("temperature").asDouble());
        assertEquals(0.5, response.get("top_p").asDouble());
        assertEquals(64, response.get("max_output_tokens").asInt());
        assertEquals(false, response.get("parallel_tool_calls").asBoolean());
        assertEquals(false, response.get("store").asBoolean());
        assertEquals("v", response.at("/metadata/k").asText());
        assertEquals("low", response.at("/text/verbosity").asText());
        assertEquals("text", response.at("/text/format/type").asText());
        assertTrue(response.get("instructions").isNull());
        assertEquals(0, response.get("tools").size());
    }

    @Test
    void shouldCountUsageAndInputTokensWithTheTokenizer() throws Exception {
        String request = "{\"model\":\"gpt-4o\",\"input\":\"Count these tokens, please.\",\"instructions\":\"Be terse\"}";

        JsonNode response = post("/responses", request);
        JsonNode counted = post("/responses/input_tokens", request);

        int expected = TOKENS.count("mock", "gpt-4o", MAPPER.readTree(request));
        assertEquals(expected, response.at("/usage/input_tokens").asInt());
        assertEquals("response.input_tokens", counted.get("object").asText());
        assertEquals(expected, counted.get("input_tokens").asInt());
        assertEquals(TOKENS.countText("mock", "gpt-4o", "Echo: Count these tokens, please."),
                response.at("/usage/output_tokens").asInt());
    }
}
