package dev.ferry.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.config.MockProviderSettings;
import dev.ferry.core.serde.Json;
import dev.ferry.embeddedkafka.EmbeddedKafkaBroker;
import dev.ferry.providers.mock.MockProviderServer;
import dev.ferry.testsupport.KafkaBrokerExtension;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official {@code openai} npm client, unmodified, against a running Ferry: runs
 * {@code sdk-tests/openai-node/openai-sdk.test.mjs} and {@code openai-batch.test.mjs} (the batch flow) with
 * {@code node --test} and {@code FERRY_URL} set to this Ferry.
 * Node and npm must be on the PATH (CI installs them); without them this test fails rather than skips.
 */
@ExtendWith(KafkaBrokerExtension.class)
class OpenAiNodeSdkIT {

    private static final Path SDK_TESTS = Path.of("..", "sdk-tests", "openai-node").toAbsolutePath().normalize();
    private static final String TEST_FILE = "openai-sdk.test.mjs";
    private static final String BATCH_TEST_FILE = "openai-batch.test.mjs";
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration TEST_TIMEOUT = Duration.ofMinutes(3);

    private static MockProviderServer mock;
    private static RunningFerry ferry;

    @BeforeAll
    static void startFerry(EmbeddedKafkaBroker broker, @TempDir Path stateDir) throws Exception {
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
        String node = onPath("node").orElseGet(() -> fail(
                "`node` is not on the PATH. OpenAiNodeSdkIT runs the official openai npm client against Ferry and"
                        + " needs Node.js (18 or later) and npm: install them (Debian: apt-get install -y nodejs"
                        + " npm) and run the build again."));
        installDependenciesIfMissing();

        int exit = run(List.of(node, "--test", "--test-reporter=spec", TEST_FILE, BATCH_TEST_FILE),
                Map.of("FERRY_URL", ferry.url(""), "NO_COLOR", "1"), TEST_TIMEOUT, "node --test");

        assertEquals(0, exit, "node --test " + TEST_FILE + " " + BATCH_TEST_FILE
                + " failed; its output is in the test log above");
    }

    /** Runs {@code npm ci} (or {@code npm install} without a lock file) unless the pinned openai is installed. */
    private static void installDependenciesIfMissing() throws Exception {
        String pinned = readJson(SDK_TESTS.resolve("package.json")).path("dependencies").path("openai").asText();
        Path installed = SDK_TESTS.resolve("node_modules").resolve("openai").resolve("package.json");
        if (Files.isRegularFile(installed) && pinned.equals(readJson(installed).path("version").asText())) {
            return;
        }
        String npm = onPath("npm").orElseGet(() -> fail(
                "`npm` is not on the PATH, and " + SDK_TESTS.resolve("node_modules") + " does not hold openai@"
                        + pinned + ". Install npm (Debian: apt-get install -y npm) and run the build again."));
        boolean locked = Files.isRegularFile(SDK_TESTS.resolve("package-lock.json"));
        String verb = locked ? "ci" : "install";
        List<String> command = List.of(npm, verb, "--no-audit", "--no-fund");
        int exit = run(command, Map.of(), INSTALL_TIMEOUT, "npm " + verb);
        assertEquals(0, exit, String.join(" ", command) + " failed in " + SDK_TESTS + "; its output is above");
    }

    /** Runs a process in the SDK test directory, copies its output to the test log and returns its exit code. */
    private static int run(List<String> command, Map<String, String> env, Duration timeout, String label)
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

    private static Optional<String> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>(List.of(program));
        if (System.getProperty("os.name", "").toLowerCase().startsWith("windows")) {
            names.addAll(List.of(program + ".exe", program + ".cmd"));
        }
        for (String dir : path.split(File.pathSeparator)) {
            for (String name : names) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate.toString());
                }
            }
        }
        return Optional.empty();
    }

    private static JsonNode readJson(Path file) {
        try {
            return RunningFerry.JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
