package dev.ferry.providers.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.config.MockProviderSettings;
import dev.ferry.core.config.ProviderEndpoint;
import dev.ferry.core.config.Secret;
import dev.ferry.core.serde.Json;
import dev.ferry.mockprovider.MockProviderServer;
import dev.ferry.providers.ProviderHttpClient;
import dev.ferry.providers.ProviderOutcome;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenAiCompatibleProviderTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ObjectMapper mapper = Json.newMapper();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final ProviderHttpClient providerHttp = ProviderHttpClient.start();

    @AfterEach
    void closeProviderHttp() throws Exception {
        providerHttp.close();
    }
    private MockProviderServer mock;

    @AfterEach
    void stopMock() {
        if (mock != null) {
            mock.close();
        }
    }

    private OpenAiCompatibleProvider mockProvider(double errorRate) {
        mock = new MockProviderServer(
                new MockProviderSettings("127.0.0.1", 0, Duration.ofMillis(10), errorRate), mapper, new Random(1))
                .start();
        return new OpenAiCompatibleProvider(
                ProviderEndpoint.openAiCompatible("mock", mock.baseUrl(), Optional.empty()), providerHttp, mapper);
    }

    private long mockStat(String name) throws Exception {
        HttpRequest stats = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + mock.port() + "/mock/stats"))
                .build();
        return mapper.readTree(http.send(stats, HttpResponse.BodyHandlers.ofString()).body()).path(name).asLong();
    }

    private ObjectNode request(String model, String input) {
        ObjectNode request = mapper.createObjectNode();
        request.put("model", model);
        request.put("input", input);
        return request;
    }

    private static ProviderOutcome.Failure failure(ProviderOutcome outcome) {
        return assertInstanceOf(ProviderOutcome.Failure.class, outcome);
    }

    @Test
    void shouldReturnEchoResponseForPlainModel() throws Exception {
        OpenAiCompatibleProvider provider = mockProvider(0);

        ProviderOutcome outcome = provider.createResponse("echo", request("mock/echo", "hi there"), TIMEOUT).get();

        JsonNode response = assertInstanceOf(ProviderOutcome.Success.class, outcome).response().tree(mapper);
        assertEquals("completed", response.get("status").asText());
        assertEquals("echo", response.get("model").asText());
        assertEquals("Echo: hi there", response.at("/output/0/content/0/text").asText());
    }

    @Test
    void shouldClassifyFail429AsRetryableRateLimitWithRetryAfter() throws Exception {
        OpenAiCompatibleProvider provider = mockProvider(0);

        ProviderOutcome.Failure failure = failure(
                provider.createResponse("fail-429", request("mock/fail-429", "hi"), TIMEOUT).get());

        assertTrue(failure.retryable());
        assertEquals(429, failure.error().httpStatus());
        assertEquals("rate_limit_error", failure.error().type());
        assertEquals(Optional.of(Duration.ofSeconds(1)), failure.retryAfter());
    }

    @Test
    void shouldClassifyFail400AsTerminal() throws Exception {
        OpenAiCompatibleProvider provider = mockProvider(0);

        ProviderOutcome.Failure failure = failure(
                provider.createResponse("fail-400", request("mock/fail-400", "hi"), TIMEOUT).get());

        assertFalse(failure.retryable());
        assertEquals(400, failure.error().httpStatus());
        assertEquals("invalid_request_error", failure.error().type());
        assertEquals(Optional.empty(), failure.retryAfter());
    }

    @Test
    void shouldClassifyAnErrorRateFailureAsRetryable500() throws Exception {
        OpenAiCompatibleProvider provider = mockProvider(1.0);

        ProviderOutcome.Failure failure = failure(
                provider.createResponse("echo", request("mock/echo", "hi"), TIMEOUT).get());

        assertTrue(failure.retryable());
        assertEquals(500, failure.error().httpStatus());
        assertEquals("server_error", failure.error().type());
    }

    /**
     * The mock would answer after a minute; the call gives up after 300 ms. The outcome must come while the mock has
     * answered nothing: had the call waited for the answer, the mock would count it completed.
     */
    @Test
    void shouldTurnASlowProviderIntoARetryable504() throws Exception {
        OpenAiCompatibleProvider provider = mockProvider(0);

        ProviderOutcome.Failure failure = failure(provider.createResponse(
                "sleep-60000", request("mock/sleep-60000", "hi"), Duration.ofMillis(300)).get());

        assertEquals(0, mockStat("completed"), "the call ended only once the provider had answered");
        assertTrue(failure.retryable());
        assertEquals(504, failure.error().httpStatus());
        assertEquals("server_error", failure.error().type());
        assertEquals("provider_timeout", failure.error().code());
    }

    @Test
    void shouldTurnARefusedConnectionIntoARetryable502() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        OpenAiCompatibleProvider provider = new OpenAiCompatibleProvider(
                ProviderEndpoint.openAiCompatible(
                        "down", URI.create("http://127.0.0.1:" + closedPort + "/v1"), Optional.empty()),
                providerHttp,
                mapper);

        ProviderOutcome.Failure failure = failure(provider.createResponse("m", request("m", "hi"), TIMEOUT).get());

        assertTrue(failure.retryable());
        assertEquals(502, failure.error().httpStatus());
        assertEquals("server_error", failure.error().type());
        assertEquals("provider_unreachable", failure.error().code());
    }

    @Test
    void shouldSendTheUpstreamModelAndDropGatewayOnlyFields() throws Exception {
        try (CapturingServer upstream = new CapturingServer(200, Map.of(), "{\"id\":\"resp_1\"}")) {
            OpenAiCompatibleProvider provider = new OpenAiCompatibleProvider(
                    ProviderEndpoint.openAiCompatible("up", upstream.baseUrl("/v1/"), Optional.empty()),
                    providerHttp,
                    mapper);
            ObjectNode request = request("up/gpt-4o", "hi");
            request.put("stream", true);
            request.putArray("fallbacks").add("other/model");
            request.putObject("extra_params").put("x", 1);
            request.put("temperature", 0.2);

            ProviderOutcome outcome = provider.createResponse("gpt-4o", request, TIMEOUT).get();

            assertInstanceOf(ProviderOutcome.Success.class, outcome);
            CapturingServer.Captured captured = upstream.next();
            assertEquals("POST", captured.method());
            assertEquals("/v1/responses", captured.uri().getPath());
            assertEquals("application/json", captured.headers().getFirst("Content-Type"));
            assertNull(captured.headers().getFirst("Authorization"));
            JsonNode body = mapper.readTree(captured.body());
            assertEquals("gpt-4o", body.get("model").asText());
            assertFalse(body.get("stream").asBoolean());
            assertFalse(body.has("fallbacks"));
            assertFalse(body.has("extra_params"));
            assertEquals(0.2, body.get("temperature").asDouble());
            assertEquals("hi", body.get("input").asText());
            assertEquals("up/gpt-4o", request.get("model").asText(), "the caller's request is left alone");
            assertTrue(request.has("fallbacks"));
        }
    }

    @Test
    void shouldSendTheApiKeyAsBearerToken() throws Exception {
        try (CapturingServer upstream = new CapturingServer(200, Map.of(), "{\"id\":\"resp_1\"}")) {
            OpenAiCompatibleProvider provider = new OpenAiCompatibleProvider(
                    ProviderEndpoint.openAiCompatible(
                            "openai", upstream.baseUrl("/v1"), Optional.of(new Secret("sk-test-123"))),
                    providerHttp,
                    mapper);

            provider.createResponse("gpt-4o", request("gpt-4o", "hi"), TIMEOUT).get();

            CapturingServer.Captured captured = upstream.next();
            assertEquals("Bearer sk-test-123", captured.headers().getFirst("Authorization"));
            assertNull(captured.headers().getFirst("api-key"));
        }
    }

    @Test
    void shouldCallAzureWithApiKeyHeaderAndApiVersion() throws Exception {
        try (CapturingServer upstream = new CapturingServer(200, Map.of(), "{\"id\":\"resp_1\"}")) {
            OpenAiCompatibleProvider provider = new OpenAiCompatibleProvider(
                    ProviderEndpoint.azure("azure", upstream.baseUrl(""), Optional.of(new Secret("az-key")),
                            "2025-04-01-preview"),
                    providerHttp,
                    mapper);

            provider.createResponse("my-deployment", request("azure/my-deployment", "hi"), TIMEOUT).get();

            CapturingServer.Captured captured = upstream.next();
            assertEquals("/openai/responses", captured.uri().getPath());
            assertEquals("api-version=2025-04-01-preview", captured.uri().getQuery());
            assertEquals("az-key", captured.headers().getFirst("api-key"));
            assertNull(captured.headers().getFirst("Authorization"));
            assertEquals("my-deployment", mapper.readTree(captured.body()).get("model").asText());
        }
    }

    @Test
    void shouldTakeTheErrorFieldsFromTheProviderBody() throws Exception {
        String body = "{\"error\":{\"message\":\"Invalid value for 'temperature'.\",\"type\":\"invalid_request_error\","
                + "\"param\":\"temperature\",\"code\":\"invalid_value\"}}";
        try (CapturingServer upstream = new CapturingServer(400, Map.of(), body)) {
            OpenAiCompatibleProvider provider = new OpenAiCompatibleProvider(
                    ProviderEndpoint.openAiCompatible("up", upstream.baseUrl("/v1"), Optional.empty()), providerHttp, mapper);

            ProviderOutcome.Failure failure = failure(
                    provider.createResponse("m", request("m", "hi"), TIMEOUT).get());

            assertFalse(failure.retryable());
            assertEquals(400, failure.error().httpStatus());
            assertEquals("invalid_request_error", failure.error().type());
            assertEquals("invalid_value", failure.error().code());
            assertEquals("temperature", failure.error().param());
            assertEquals("Invalid value for 'temperature'.", failure.error().message());
        }
    }

    @Test
    void shouldRejectA2xxThatIsNotJson() throws Exception {
        try (CapturingServer upstream = new CapturingServer(200, Map.of(), "<html>hello</html>")) {
            OpenAiCompatibleProvider provider = new OpenAiCompatibleProvider(
                    ProviderEndpoint.openAiCompatible("up", upstream.baseUrl("/v1"), Optional.empty()), providerHttp, mapper);

            ProviderOutcome.Failure failure = failure(
                    provider.createResponse("m", request("m", "hi"), TIMEOUT).get());

            assertFalse(failure.retryable());
            assertEquals(502, failure.error().httpStatus());
            assertEquals("invalid_provider_response", failure.error().code());
        }
    }
}
