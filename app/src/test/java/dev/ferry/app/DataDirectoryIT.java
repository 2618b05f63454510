package dev.ferry.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.testsupport.Http;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Ferry processes started on one data directory, as from two terminals: the second is refused with one line
 * naming the directory and the first one's pid, before it touches anything; the first keeps serving and still stops
 * promptly, and the directory serves the next start.
 */
class DataDirectoryIT {

    private static final Duration STARTUP = Duration.ofSeconds(90);

    private static Map<String, String> environment(Path dataDir) {
        return Map.of(
                "FERRY_DATA_DIR", dataDir.toString(),
                "FERRY_PORT", "0",
                "FERRY_MOCK_PORT", "0",
                "FERRY_EMBEDDED_KAFKA_PORT", "0");
    }

    @Test
    void shouldRefuseASecondFerryOnTheSameDataDirectoryAndLeaveTheFirstIntact(@TempDir Path dataDir)
            throws Exception {
        try (FerryProcess first = FerryProcess.start(environment(dataDir))) {
            await().atMost(STARTUP).until(() -> first.baseUrl().isPresent() || !first.isAlive());
            String base = first.baseUrl().orElseThrow(() -> new AssertionError(String.join("\n", first.output())));

            try (FerryProcess second = FerryProcess.start(environment(dataDir))) {
                assertEquals(OptionalInt.of(2), second.awaitExit(Duration.ofSeconds(60)), "the second one stops");
                List<String> said = second.output().stream().filter(line -> !line.isBlank()).toList();
                assertEquals(1, said.size(), "one line, no stack trace: " + said);
                assertTrue(said.get(0).contains(dataDir.toAbsolutePath().toString()), said.get(0));
                assertTrue(said.get(0).contains("pid " + first.pid()), said.get(0));
            }

            assertEquals(200, Http.get(base + "/health").status(), "the first one still serves");
            first.stop();
            assertTrue(first.awaitExit(Duration.ofSeconds(35)).isPresent(), "stopped within the shutdown deadline: "
                    + String.join("\n", first.output()));
        }
        try (FerryProcess next = FerryProcess.start(environment(dataDir))) {
            await().atMost(STARTUP).until(() -> next.baseUrl().isPresent() || !next.isAlive());
            assertTrue(next.baseUrl().isPresent(), "the directory serves the next start: "
                    + String.join("\n", next.output()));
        }
    }
}
