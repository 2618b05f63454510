package dev.ferry.providers.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.config.MockProviderSettings;
import dev.ferry.core.config.ProviderEndpoint;
import dev.ferry.core.serde.Json;
import dev.ferry.mockprovider.MockProviderServer;
import dev.ferry.providers.ProviderHttpClient;
import dev.ferry.providers.ProviderOutcome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MockProviderConcurrencyTest {

    private final ObjectMapper mapper = Json.newMapper();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final ProviderHttpClient providerHttp = ProviderHttpClient.start();

    @AfterEach
    void closeProviderHttp() throws Exception {
        providerHttp.close();
    }

    private MockProviderServer start() {
        return new MockProviderServer(
                new MockProviderSettings("127.0.0.1", 0, Duration.ZERO, 0), mapper, new Random(3)).start();
    }

    private List<CompletableFuture<ProviderOutcome>> send(MockProviderServer server, int count, String model) {
        OpenAiCompatibleProvider provider = new OpenAiCompatibleProvider(
                ProviderEndpoint.openAiCompatible("mock", server.baseUrl(), Optional.empty()), providerHttp, mapper);
        List<CompletableFuture<ProviderOutcome>> calls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ObjectNode request = mapper.createObjectNode();
            request.put("model", "mock/" + model);
            request.put("input", "request " + i);
            calls.add(provider.createResponse(model, request, Duration.ofSeconds(60)));
        }
        return calls;
    }

    private static long successes(List<CompletableFuture<ProviderOutcome>> calls) throws Exception {
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        return calls.stream().map(CompletableFuture::join).filter(ProviderOutcome.Success.class::isInstance).count();
    }

    private JsonNode stats(MockProviderServer server) throws Exception {
        HttpRequest request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/mock/stats")).build();
        return mapper.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    @Test
    void shouldCompleteTwoThousandConcurrentSlowRequests() throws Exception {
        try (MockProviderServer server = start()) {
            long successes = successes(send(server, 2_000, "sleep-500"));

            assertEquals(2_000, successes);
            assertEquals(2_000, stats(server).get("completed").asLong());
        }
    }

    @Test
    void shouldHoldMoreRequestsInFlightThanItHasThreads() throws Exception {
        try (MockProviderServer server = start()) {

            long successes = successes(send(server, 300, "sleep-5000"));

            assertEquals(300, successes);
            // The server has 200 threads; a thread per waiting request could never hold 300 at once.
            JsonNode stats = stats(server);
            assertTrue(stats.get("max_in_flight").asLong() > 200, stats.toString());
        }
    }
}
