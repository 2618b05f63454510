package dev.ferry.app;

import dev.ferry.core.config.MockProviderSettings;
import dev.ferry.core.serde.Json;
import dev.ferry.embeddedkafka.KafkaBroker;
import dev.ferry.mockprovider.MockProviderServer;
import dev.ferry.testsupport.KafkaBrokerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A widely used third-party client of the Responses API, the Vercel AI SDK ({@code ai} with {@code @ai-sdk/openai},
 * pinned in {@code sdk-tests/vercel-ai}), unmodified, against a running Ferry: text, streaming, tools, structured
 * output and Retry-After-timed retries (see {@link NodePackage}).
 */
@ExtendWith(KafkaBrokerExtension.class)
class VercelAiSdkIT {

    private static MockProviderServer mock;
    private static RunningFerry ferry;

    @BeforeAll
    static void startFerry(KafkaBroker broker, @TempDir Path stateDir) throws Exception {
        mock = new MockProviderServer(new MockProviderSettings("127.0.0.1", 0, Duration.ofMillis(20), 0.0),
                Json.newMapper(), new Random(17)).start();
        ferry = RunningFerry.start(RunningFerry.environment(broker, mock.baseUrl(), stateDir));
    }

    @AfterAll
    static void stopFerry() {
        if (ferry != null) {
            ferry.close();
        }
        if (mock != null) {
            mock.close();
        }
    }

    @Test
    void shouldPassTheVercelAiSdkSuiteAgainstFerry() throws Exception {
        new NodePackage("vercel-ai").runTests(ferry.url(""), "vercel-ai.test.mjs");
    }
}
