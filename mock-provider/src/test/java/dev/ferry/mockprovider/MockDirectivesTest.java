package dev.ferry.mockprovider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class MockDirectivesTest {

    @Test
    void shouldFindNoDirectivesInAPlainModel() {
        MockDirectives directives = MockDirectives.parse("gpt-4o-mini");

        assertEquals(OptionalInt.empty(), directives.failStatus());
        assertEquals(Optional.empty(), directives.sleep());
        assertEquals(Duration.ZERO, directives.streamGap());
    }

    @Test
    void shouldReadFailStatus() {
        assertEquals(OptionalInt.of(429), MockDirectives.parse("fail-429").failStatus());
        assertEquals(OptionalInt.of(500), MockDirectives.parse("echo-fail-500").failStatus());
    }

    @Test
    void shouldIgnoreFailWithAStatusThatIsNotAnError() {
        assertTrue(MockDirectives.parse("fail-200").failStatus().isEmpty());
        assertTrue(MockDirectives.parse("fail-4290").failStatus().isEmpty());
    }

    @Test
    void shouldReadSleepAndStreamGapTogether() {
        MockDirectives directives = MockDirectives.parse("sleep-1500+stream-gap-25");

        assertEquals(Optional.of(Duration.ofMillis(1500)), directives.sleep());
        assertEquals(Duration.ofMillis(25), directives.streamGap());
    }

    @Test
    void shouldNotMistakeAWordEndingInSleepForTheDirective() {
        assertTrue(MockDirectives.parse("nosleep-100").sleep().isEmpty());
    }
}
