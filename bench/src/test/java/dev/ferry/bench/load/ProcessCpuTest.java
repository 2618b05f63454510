package dev.ferry.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProcessCpuTest {

    @Test
    void shouldTellTheCompilersShareApartFromTheRest() {
        ProcessCpu.Spent spent = new ProcessCpu.Reading(9_000, 2_500).since(new ProcessCpu.Reading(1_000, 500));

        assertEquals(new ProcessCpu.Spent(6_000, 2_000), spent);
    }

    @Test
    void shouldNeverCountMoreCompilingThanWasSpentNorLessThanNone() {
        // a compiler thread that exited took its ticks along; the 10 ms tick can also run ahead of the process total
        assertEquals(new ProcessCpu.Spent(1_000, 0),
                new ProcessCpu.Reading(2_000, 100).since(new ProcessCpu.Reading(1_000, 400)));
        assertEquals(new ProcessCpu.Spent(0, 1_000),
                new ProcessCpu.Reading(2_000, 5_000).since(new ProcessCpu.Reading(1_000, 0)));
    }

    @Test
    void shouldReportUnknownWhenTheProcessTimeIsUnknown() {
        assertFalse(new ProcessCpu.Reading(-1, 0).since(new ProcessCpu.Reading(1_000, 0)).known());
    }

    @Test
    void shouldReadThisJvmsTimeWithTheCompilersShareInsideIt() {
        ProcessCpu.Reading reading = new ProcessCpu().read();

        assertTrue(reading.totalNanos() > 0, "process CPU time");
        assertTrue(reading.compilingNanos() >= 0 && reading.compilingNanos() <= reading.totalNanos() + 10_000_000L,
                "compiling " + reading.compilingNanos() + " ns of " + reading.totalNanos());
    }
}
