package dev.ferry.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.core.config.MockProviderSettings;
import dev.ferry.core.serde.Json;
import dev.ferry.embeddedkafka.KafkaBroker;
import dev.ferry.mockprovider.MockProviderServer;
import dev.ferry.testsupport.KafkaBrokerExtension;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * JSON answers are gzipped for a client that accepts gzip once they are large enough, and sent as they are otherwise,
 * as Javalin's default gzip did before Ferry named JSON among its allowed types.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ResponseCompressionIT {

    private static final ObjectMapper MAPPER = Json.newMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final String LONG_INPUT = "ferry ".repeat(1_000);

    private static MockProviderServer mock;
    private static RunningFerry ferry;

    @BeforeAll
    static void startFerry(KafkaBroker broker, @TempDir Path stateDir) throws Exception {
        mock = new MockProviderServer(new MockProviderSettings("127.0.0.1", 0, Duration.ZERO, 0.0), MAPPER,
                new Random(29)).start();
        ferry = RunningFerry.start(RunningFerry.environment(broker, mock.baseUrl(), stateDir));
    }

    @AfterAll
    static void stopFerry() {
        ferry.close();
        mock.close();
    }

    private static HttpResponse<byte[]> create(String body, boolean acceptGzip, boolean async) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ferry.url("/openai/v1/responses")))
                .timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (acceptGzip) {
            request.header("accept-encoding", "gzip");
        }
        if (async) {
            request.header("x-bf-async", "true");
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String longRequest() throws Exception {
        return MAPPER.writeValueAsString(MAPPER.createObjectNode().put("model", "mock/echo").put("input", LONG_INPUT));
    }

    @Test
    void shouldGzipALargeJsonAnswerForAClientThatAcceptsGzip() throws Exception {
        HttpResponse<byte[]> response = create(longRequest(), true, false);

        assertEquals(200, response.statusCode());
        assertEquals(Optional.of("gzip"), response.headers().firstValue("content-encoding"));
        byte[] body;
        try (GZIPInputStream gunzip = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
            body = gunzip.readAllBytes();
        }
        JsonNode answer = MAPPER.readTree(body);
        assertEquals("completed", answer.path("status").asText());
        assertTrue(body.length > response.body().length, "the gzipped body is smaller than the answer");
    }

    @Test
    void shouldSendTheSameAnswerUncompressedToAClientThatDoesNotAcceptGzip() throws Exception {
        HttpResponse<byte[]> response = create(longRequest(), false, false);

        assertEquals(200, response.statusCode());
        assertEquals(Optional.empty(), response.headers().firstValue("content-encoding"));
        assertEquals("completed", MAPPER.readTree(response.body()).path("status").asText());
    }

    @Test
    void shouldSendASmallJsonAnswerUncompressedEvenToAClientThatAcceptsGzip() throws Exception {
        HttpResponse<byte[]> response = create("{\"model\":\"mock/echo\",\"input\":\"hi\"}", true, true);

        assertEquals(200, response.statusCode());
        assertEquals(Optional.empty(), response.headers().firstValue("content-encoding"));
        assertEquals("queued", MAPPER.readTree(response.body()).path("status").asText());
    }
}
