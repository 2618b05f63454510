package dev.ferry.bench.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.core.serde.Json;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Runs one SSE stream whose events carry {@code mock_sent_at_us} (the mock's {@code stamp} directive) and records,
 * for each event, how long after that it was read here, in microseconds. Both clocks are this machine's wall clock.
 */
public final class StreamTimer {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final ObjectMapper MAPPER = Json.newMapper();

    private final URI uri;
    private final String body;
    private final Clock clock = Clock.systemUTC();

    public StreamTimer(String url, String body) {
        this.uri = URI.create(url);
        this.body = body;
    }

    /**
     * Streams once and adds each event's latency to {@code latencyMicros} (thread-safe for concurrent callers).
     *
     * @return the stamped events read, with their types, for checking that none was lost
     */
    public List<String> run(Histogram latencyMicros) {
        List<String> types = new ArrayList<>();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<InputStream> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(uri + " answered " + response.statusCode());
            }
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("data: ")) {
                        long readAt = micros(clock.instant());
                        JsonNode event = MAPPER.readTree(line.substring(6));
                        JsonNode sentAt = event.path("mock_sent_at_us");
                        if (sentAt.canConvertToLong()) {
                            types.add(event.path("sequence_number").asText() + ":" + event.path("type").asText());
                            synchronized (latencyMicros) {
                                latencyMicros.recordValue(Math.max(0, readAt - sentAt.asLong()));
                            }
                        }
                    }
                }
            }
            return types;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }
}
