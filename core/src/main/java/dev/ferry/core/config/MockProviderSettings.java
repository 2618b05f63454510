package dev.ferry.core.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The built-in mock provider: a real HTTP server speaking the Responses API.
 *
 * @param port where it listens when Ferry starts it; 0 picks a free port
 * @param latency how long each response takes
 * @param errorRate share of requests answered with a 500, between 0 and 1
 */
public record MockProviderSettings(String host, int port, Duration latency, double errorRate) {

    public MockProviderSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(latency, "latency");
        if (errorRate < 0 || errorRate > 1) {
            throw new IllegalArgumentException("errorRate must be between 0 and 1");
        }
    }

    static MockProviderSettings from(Env env) {
        return new MockProviderSettings(
                env.string("FERRY_MOCK_HOST", "127.0.0.1"),
                env.integer("FERRY_MOCK_PORT", 8081, 0, 65_535),
                env.millis("FERRY_MOCK_LATENCY_MS", Duration.ofMillis(200), 0, 3_600_000),
                env.fraction("FERRY_MOCK_ERROR_RATE", 0.0));
    }
}
