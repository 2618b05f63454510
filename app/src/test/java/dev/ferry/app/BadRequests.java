package dev.ferry.app;

import static dev.ferry.app.RunningFerry.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.testsupport.Http;
import dev.ferry.testsupport.HttpResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Requests and checks the bad-input ITs share: sending what {@link Http} does not, and the 400 every one expects. */
final class BadRequests {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private BadRequests() {
    }

    /** A 400 with OpenAI's error shape, {@code invalid_request_error}, naming {@code param} (or none). */
    static void assertInvalidRequest(HttpResult result, String param) {
        assertEquals(400, result.status(), result.body());
        assertTrue(String.valueOf(result.header("Content-Type")).startsWith("application/json"));
        JsonNode error = json(result).path("error");
        assertEquals("invalid_request_error", error.path("type").asText(), result.body());
        assertTrue(error.has("message") && error.has("param") && error.has("code"), result.body());
        if (param == null) {
            assertTrue(error.path("param").isNull(), result.body());
        } else {
            assertEquals(param, error.path("param").asText(), result.body());
        }
    }

    static int port(RunningFerry node) {
        return URI.create(node.url("/")).getPort();
    }

    static Map<String, String> bearer(String key) {
        return Map.of("Authorization", "Bearer " + key);
    }

    static HttpResult pollAs(RunningFerry node, String jobId, Map<String, String> credentials) {
        Map<String, String> headers = new HashMap<>(credentials);
        headers.put("x-bf-async-id", jobId);
        return Http.post(node.url("/openai/v1/responses"), "", headers);
    }

    static HttpResult postBytes(RunningFerry node, String path, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.url(path))).timeout(Http.TIMEOUT)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return send(request.build());
    }

    static HttpResult delete(RunningFerry node, String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.url(path))).timeout(Http.TIMEOUT)
                .DELETE();
        headers.forEach(request::header);
        return send(request.build());
    }

    private static HttpResult send(HttpRequest request) {
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return new HttpResult(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }
}
