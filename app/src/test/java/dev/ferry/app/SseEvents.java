package dev.ferry.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Reads a server-sent event stream the way a client does: frame by frame, as the frames arrive. */
final class SseEvents implements AutoCloseable {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final HttpResponse<InputStream> response;
    private final BufferedReader reader;

    private SseEvents(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    }

    static SseEvents post(String url, String json) {
        return open(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    static SseEvents get(String url) {
        return open(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    private static SseEvents open(HttpRequest.Builder request) {
        try {
            return new SseEvents(CLIENT.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    int status() {
        return response.statusCode();
    }

    String contentType() {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    /** The next event's data, checked to name the same type as its {@code event:} line; null at the end. */
    JsonNode next() {
        try {
            String event = null;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    JsonNode data = RunningFerry.JSON.readTree(line.substring(6));
                    if (!data.path("type").asText().equals(event)) {
                        throw new IllegalStateException("event '" + event + "' carries type " + data.path("type"));
                    }
                    return data;
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Events up to and including the first that matches {@code last}, or to the end of the stream. */
    List<JsonNode> until(Predicate<JsonNode> last) {
        List<JsonNode> events = new ArrayList<>();
        for (JsonNode event = next(); event != null; event = next()) {
            events.add(event);
            if (last.test(event)) {
                break;
            }
        }
        return events;
    }

    /** Every remaining event. */
    List<JsonNode> rest() {
        return until(event -> false);
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // the connection is gone either way
        }
    }
}
