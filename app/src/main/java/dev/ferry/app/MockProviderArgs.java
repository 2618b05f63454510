package dev.ferry.app;

import dev.ferry.core.config.MockProviderSettings;
import java.time.Duration;

/** Command-line flags of {@code ferry mock-provider}, laid over the environment's settings. */
final class MockProviderArgs {

    private MockProviderArgs() {
    }

    static MockProviderSettings parse(MockProviderSettings defaults, String[] args) {
        String host = defaults.host();
        int port = defaults.port();
        Duration latency = defaults.latency();
        double errorRate = defaults.errorRate();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing a value after " + flag);
            }
            String value = args[++i];
            switch (flag) {
                case "--host" -> host = value;
                case "--port" -> port = Integer.parseInt(value);
                case "--latency-ms" -> latency = Duration.ofMillis(Long.parseLong(value));
                case "--error-rate" -> errorRate = Double.parseDouble(value);
                default -> throw new IllegalArgumentException(
                        "unknown flag " + flag + "; use --host, --port, --latency-ms or --error-rate");
            }
        }
        return new MockProviderSettings(host, port, latency, errorRate);
    }
}
