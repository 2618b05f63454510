package dev.ferry.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ferry.core.config.MockProviderSettings;
import dev.ferry.core.serde.Json;
import dev.ferry.embeddedkafka.KafkaBroker;
import dev.ferry.providers.mock.MockProviderServer;
import dev.ferry.testsupport.KafkaBrokerExtension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official {@code openai} npm client, unmodified, against a running Ferry: runs
 * {@code sdk-tests/openai-node/openai-sdk.test.mjs} with {@code node --test} and {@code FERRY_URL} set to this Ferry.
 * Node and npm must be on the PATH (CI installs them); without them this test fails rather than skips.
 */
@ExtendWith(KafkaBrokerExtension.class)
class OpenAiNodeSdkIT {

    private static final Path SDK_TESTS = NodeSdk.DIRECTORY;
    private static final String TEST_FILE = "openai-sdk.test.mjs";
    private static final Duration TEST_TIMEOUT = Duration.ofMinutes(3);

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
        assertTrue(Files.isRegularFile(SDK_TESTS.resolve(TEST_FILE)), "missing " + SDK_TESTS.resolve(TEST_FILE));
        String node = NodeSdk.node();
        NodeSdk.installDependenciesIfMissing(OpenAiNodeSdkIT::run);

        int exit = run(List.of(node, "--test", "--test-reporter=spec", TEST_FILE),
                Map.of("FERRY_URL", ferry.url(""), "NO_COLOR", "1"), TEST_TIMEOUT, "node --test");

        assertEquals(0, exit, "node --test " + TEST_FILE + " failed; its output is in the test log above");
    }

    /** Runs a process in the SDK test directory, copies its output to the test log and returns its exit code. */
    static int run(List<String> command, Map<String, String> env, Duration timeout, String label)
            throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(SDK_TESTS.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        System.out.println("[" + label + "] $ " + String.join(" ", command) + "   (in " + SDK_TESTS + ")");
        Process process = builder.start();
        Thread pump = new Thread(() -> copyLines(process, label), "output-of-" + label);
        pump.setDaemon(true);
        pump.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            pump.join(Duration.ofSeconds(5).toMillis());
            fail(label + " did not finish within " + timeout.toSeconds() + " s; its output is above");
        }
        pump.join(Duration.ofSeconds(10).toMillis());
        return process.exitValue();
    }

    private static void copyLines(Process process, String label) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                System.out.println("[" + label + "] " + line);
            }
        } catch (IOException e) {
            System.out.println("[" + label + "] (output stopped: " + e + ")");
        }
    }
}
