package dev.ferry.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The official {@code openai} npm package in {@code sdk-tests/openai-node}, pinned by its package.json: where it is,
 * the {@code node} that runs it, and its installation. Node and npm must be on the PATH (CI installs them); without
 * them the tests that need them fail rather than skip.
 */
final class NodeSdk {

    static final Path DIRECTORY = Path.of("..", "sdk-tests", "openai-node").toAbsolutePath().normalize();
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(3);

    /** Runs a command in {@link #DIRECTORY}, showing its output, and returns its exit code. */
    interface Runner {
        int run(List<String> command, Map<String, String> env, Duration timeout, String label) throws Exception;
    }

    private NodeSdk() {
    }

    static String node() {
        return onPath("node").orElseGet(() -> fail(
                "`node` is not on the PATH. The tests of the official openai npm client need Node.js (18 or later)"
                        + " and npm: install them (Debian: apt-get install -y nodejs npm) and run the build again."));
    }

    /** Runs {@code npm ci} (or {@code npm install} without a lock file) unless the pinned openai is installed. */
    static void installDependenciesIfMissing(Runner runner) throws Exception {
        String pinned = readJson(DIRECTORY.resolve("package.json")).path("dependencies").path("openai").asText();
        Path installed = DIRECTORY.resolve("node_modules").resolve("openai").resolve("package.json");
        if (Files.isRegularFile(installed) && pinned.equals(readJson(installed).path("version").asText())) {
            return;
        }
        String npm = onPath("npm").orElseGet(() -> fail(
                "`npm` is not on the PATH, and " + DIRECTORY.resolve("node_modules") + " does not hold openai@"
                        + pinned + ". Install npm (Debian: apt-get install -y npm) and run the build again."));
        boolean locked = Files.isRegularFile(DIRECTORY.resolve("package-lock.json"));
        String verb = locked ? "ci" : "install";
        List<String> command = List.of(npm, verb, "--no-audit", "--no-fund");
        int exit = runner.run(command, Map.of(), INSTALL_TIMEOUT, "npm " + verb);
        assertEquals(0, exit, String.join(" ", command) + " failed in " + DIRECTORY + "; its output is above");
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
