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
 * The official {@code openai} npm client, unmodified, against a running Ferry: runs
 * {@code sdk-tests/openai-node/openai-sdk.test.mjs} and {@code openai-batch.test.mjs} (the batch flow) with
 * {@code node --test} and {@code FERRY_URL} set to this Ferry (see {@link NodePackage}).
 */
@ExtendWith(KafkaBrokerExtension.class)
class OpenAiNodeSdkIT {

    private static MockProviderServer mock;
    private static RunningFerry ferry;

    @BeforeAll
    static void startFerry(KafkaBroker broker, @TempDir Path stateDir) throws Exception {
        mock = new MockProviderServer(new MockProviderSettings("127.0.0.1", 0, Duration.ofMillis(20), 0.0),
                Json.newMapper(), new Random(13)).start();
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
    void shouldPassTheOpenAiNodeSdkSuiteAgainstFerry() throws Exception {
        new NodePackage("openai-node").runTests(ferry.url(""), "openai-sdk.test.mjs", "openai-batch.test.mjs");
    }
}
