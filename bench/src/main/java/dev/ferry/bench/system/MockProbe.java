package dev.ferry.bench.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.bench.http.HttpConnection;
import dev.ferry.bench.http.HttpResponse;
import java.io.IOException;

/** Reads a mock provider's {@code GET /mock/stats} over its own connection. */
public final class MockProbe implements AutoCloseable {

    /** The counters the scenarios use. */
    public record Stats(long requests, long inFlight, long maxInFlight, long completed, long failed) {
    }

    private final HttpConnection connection;
    private final byte[] request;
    private final ObjectMapper mapper;

    public MockProbe(int port, ObjectMapper mapper) {
        this.connection = new HttpConnection("127.0.0.1", port);
        this.request = HttpConnection.request("GET", "/mock/stats", connection.authority(), "");
        this.mapper = mapper;
    }

    public Stats stats() throws IOException {
        HttpResponse response = connection.exchange(request, null);
        if (response.status() != 200) {
            throw new IOException("GET /mock/stats answered " + response.status());
        }
        JsonNode json = mapper.readTree(response.body());
        return new Stats(json.path("requests").asLong(), json.path("in_flight").asLong(),
                json.path("max_in_flight").asLong(), json.path("completed").asLong(), json.path("failed").asLong());
    }

    @Override
    public void close() {
        connection.close();
    }
}
