package dev.ferry.faultharness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HarnessOptionsTest {

    private final HarnessOptions defaults = HarnessOptions.full(Path.of("work"));

    @Test
    void shouldRunEveryScenarioFor30SecondsByDefault() {
        HarnessOptions options = HarnessOptions.parse(new String[0], defaults);

        assertEquals(List.of(Scenario.WORKER_KILL, Scenario.GATEWAY_KILL, Scenario.BROKER_KILL), options.scenarios());
        assertEquals(Duration.ofSeconds(30), options.load());
        assertEquals(Optional.of(Path.of("RELIABILITY.md")), options.report());
        assertEquals("./fault-harness.sh", options.command());
    }

    @Test
    void shouldTakeScenariosByLetterOrNameAndRecordTheCommand() {
        HarnessOptions options = HarnessOptions.parse(
                new String[] {"--scenarios", "a,broker-kill", "--load-seconds", "5", "--rate", "4"}, defaults);

        assertEquals(List.of(Scenario.WORKER_KILL, Scenario.BROKER_KILL), options.scenarios());
        assertEquals(Duration.ofSeconds(5), options.load());
        assertEquals(4.0, options.ratePerSecond());
        assertEquals("./fault-harness.sh --scenarios a,broker-kill --load-seconds 5 --rate 4", options.command());
    }

    @Test
    void shouldRejectUnknownOptionsAndScenarios() {
        assertThrows(IllegalArgumentException.class, () -> HarnessOptions.parse(new String[] {"--fast", "1"},
                defaults));
        assertThrows(IllegalArgumentException.class, () -> HarnessOptions.parse(new String[] {"--scenarios", "z"},
                defaults));
        assertThrows(IllegalArgumentException.class, () -> HarnessOptions.parse(new String[] {"--rate"}, defaults));
    }
}
