package dev.ferry.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Blocking HTTP/1.1 calls for tests, over {@link HttpClient}, with a 30 s connect and request timeout. Errors on the
 * wire become unchecked exceptions; any status code is a normal {@link HttpResult}.
 */
public final class Http {

    /** The connect timeout and the timeout of each request. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .build();

    private Http() {
    }

    /** POSTs {@code json} with {@code Content-Type: application/json}, unless {@code headers} sets another. */
    public static HttpResult post(String url, String json, Map<String, String> headers) {
        HttpRequest.Builder request = request(url, headers)
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (headers.keySet().stream().noneMatch("Content-Type"::equalsIgnoreCase)) {
            request.header("Content-Type", "application/json");
        }
        return send(request.build());
    }

    /** POSTs {@code json} with no extra headers. */
    public static HttpResult post(String url, String json) {
        return post(url, json, Map.of());
    }

    /** GETs {@code url} with {@code headers}. */
    public static HttpResult get(String url, Map<String, String> headers) {
        return send(request(url, headers).GET().build());
    }

    /** GETs {@code url} with no extra headers. */
    public static HttpResult get(String url) {
        return get(url, Map.of());
    }

    /** DELETEs {@code url} with {@code headers}. */
    public static HttpResult delete(String url, Map<String, String> headers) {
        return send(request(url, headers).DELETE().build());
    }

    private static HttpRequest.Builder request(String url, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT);
        headers.forEach(builder::header);
        return builder;
    }

    private static HttpResult send(HttpRequest request) {
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new HttpResult(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + request.method() + " " + request.uri(), e);
        }
    }
}
