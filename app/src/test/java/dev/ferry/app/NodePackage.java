package dev.ferry.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A directory of {@code sdk-tests/} with pinned npm packages (an SDK's test suite, the webhook receiver): installs
 * them ({@code npm ci}) unless they already are, and runs its test files with {@code node --test} against a running
 * Ferry. Node and npm must be on the PATH (CI installs them); without them the calling test fails rather than skips.
 */
final class NodePackage {

    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration TEST_TIMEOUT = Duration.ofMinutes(3);

    private final Path directory;

    /** @param directory the package's directory under {@code sdk-tests/} */
    NodePackage(String directory) {
        this.directory = Path.of("..", "sdk-tests", directory).toAbsolutePath().normalize();
    }

    Path directory() {
        return directory;
    }

    /** Runs {@code testFiles} against {@code ferryUrl} and fails the calling test if any of their tests failed. */
    void runTests(String ferryUrl, String... testFiles) throws Exception {
        for (String testFile : testFiles) {
            assertTrue(Files.isRegularFile(directory.resolve(testFile)), "missing " + directory.resolve(testFile));
        }
        String node = node();
        installDependenciesIfMissing();

        List<String> command = new ArrayList<>(List.of(node, "--test", "--test-reporter=spec"));
        command.addAll(List.of(testFiles));
        int exit = run(command, Map.of("FERRY_URL", ferryUrl, "NO_COLOR", "1"), TEST_TIMEOUT,
                "node --test " + directory.getFileName());

        assertEquals(0, exit, "node --test " + String.join(" ", testFiles)
                + " failed; its output is in the test log above");
    }

    /** The {@code node} on the PATH. */
    String node() {
        return onPath("node").orElseGet(() -> fail(
                "`node` is not on the PATH. The SDK suites run npm clients against Ferry and need Node.js 20 and"
                        + " npm: install them (Debian: apt-get install -y nodejs npm) and run the build again."));
    }

    /** Runs {@code npm ci} unless every pinned dependency is installed at its pinned version. */
    void installDependenciesIfMissing() throws Exception {
        if (pinnedDependenciesInstalled()) {
            return;
        }
        String npm = onPath("npm").orElseGet(() -> fail(
                "`npm` is not on the PATH, and " + directory.resolve("node_modules") + " does not hold the pinned"
                        + " packages. Install npm (Debian: apt-get install -y npm) and run the build again."));
        boolean locked = Files.isRegularFile(directory.resolve("package-lock.json"));
        String verb = locked ? "ci" : "install";
        List<String> command = List.of(npm, verb, "--no-audit", "--no-fund");
        int exit = run(command, Map.of(), INSTALL_TIMEOUT, "npm " + verb);
        assertEquals(0, exit, String.join(" ", command) + " failed in " + directory + "; its output is above");
    }

    private boolean pinnedDependenciesInstalled() {
        JsonNode dependencies = readJson(directory.resolve("package.json")).path("dependencies");
        for (Iterator<Map.Entry<String, JsonNode>> it = dependencies.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> dependency = it.next();
            Path installed = directory.resolve("node_modules").resolve(dependency.getKey()).resolve("package.json");
            if (!Files.isRegularFile(installed)
                    || !dependency.getValue().asText().equals(readJson(installed).path("version").asText())) {
                return false;
            }
        }
        return true;
    }

    /** Runs a process in the suite's directory, copies its output to the test log and returns its exit code. */
    private int run(List<String> command, Map<String, String> env, Duration timeout, String label) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        System.out.println("[" + label + "] $ " + String.join(" ", command) + "   (in " + directory + ")");
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
