package dev.ferry.mockprovider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.core.config.MockProviderSettings;
import dev.ferry.core.serde.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MockDeterminismTest {

    private static final Clock FIXED = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
    private static final String STREAM = "{\"model\":\"echo\",\"input\":\"same bytes please\",\"stream\":true}";
    private static final String JSON = "{\"model\":\"echo\",\"input\":\"same bytes please\"}";

    private final ObjectMapper mapper = Json.newMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<MockProviderServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(MockProviderServer::close);
    }

    private MockProviderServer start(long seed) {
        MockProviderServer server = new MockProviderServer(
                new MockProviderSettings("127.0.0.1", 0, Duration.ZERO, 0), mapper, new Random(seed), FIXED).start();
        servers.add(server);
        return server;
    }

    private String post(MockProviderServer server, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/responses"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void shouldAnswerTheSameBytesGivenTheSameSeedAndAFixedClock() throws Exception {
        MockProviderServer first = start(42);
        MockProviderServer second = start(42);

        assertEquals(post(first, STREAM), post(second, STREAM));
        assertEquals(post(first, JSON), post(second, JSON));
    }

    @Test
    void shouldAnswerDifferentIdsForADifferentSeed() throws Exception {
        assertNotEquals(post(start(42), STREAM), post(start(43), STREAM));
    }
}
