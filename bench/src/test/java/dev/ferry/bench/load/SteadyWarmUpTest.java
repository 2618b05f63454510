package dev.ferry.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SteadyWarmUpTest {

    private static final long TICK_NANOS = 10_000_000L;

    @TempDir
    Path tasks;

    private final AtomicLong totalNanos = new AtomicLong();
    private final List<String> progress = new ArrayList<>();

    @Test
    void shouldRunRoundsUntilTheCompilersTakeLessThanTheSteadyShare() throws Exception {
        writeTask("101", "C2 CompilerThre", 0);
        writeTask("102", "ferry-worker", 0);
        long[] compilingTicksPerRound = {50, 30, 5}; // of 100 ticks each round: 50 %, 30 %, 5 %
        int[] round = {0};
        ProcessCpu cpu = new ProcessCpu(tasks, totalNanos::get);

        SteadyWarmUp.Outcome outcome = new SteadyWarmUp(cpu, 0.10, Duration.ofMinutes(1), progress::add)
                .run("worker", () -> {
                    long compiled = compilerTicks() + compilingTicksPerRound[round[0]++];
                    writeTask("101", "C2 CompilerThre", compiled);
                    totalNanos.addAndGet(100 * TICK_NANOS);
                    return 1_000;
                });

        assertEquals(List.of(0.5, 0.3, 0.05), outcome.compilingShares());
        assertEquals(3_000, outcome.units());
        assertTrue(outcome.steady());
        assertEquals(3, progress.size());
        assertTrue(outcome.describe("jobs").contains("50 %, 30 %, 5 %"), outcome.describe("jobs"));
    }

    @Test
    void shouldStopAtTheTimeLimitAndSayTheJvmWasStillCompiling() throws Exception {
        writeTask("101", "C1 CompilerThre", 0);
        ProcessCpu cpu = new ProcessCpu(tasks, totalNanos::get);

        SteadyWarmUp.Outcome outcome = new SteadyWarmUp(cpu, 0.10, Duration.ZERO, progress::add)
                .run("e2e", () -> {
                    writeTask("101", "C1 CompilerThre", compilerTicks() + 40);
                    totalNanos.addAndGet(100 * TICK_NANOS);
                    return 7;
                });

        assertEquals(List.of(0.4), outcome.compilingShares());
        assertFalse(outcome.steady());
        assertTrue(outcome.describe("jobs").contains("still compiling"), outcome.describe("jobs"));
    }

    private long compilerTicks() throws IOException {
        String stat = Files.readString(tasks.resolve("101").resolve("stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** A task directory as Linux lays it out: its name, and a stat line whose 14th and 15th fields are its ticks. */
    private void writeTask(String id, String name, long userTicks) throws IOException {
        Path task = Files.createDirectories(tasks.resolve(id));
        Files.writeString(task.resolve("comm"), name + "\n");
        Files.writeString(task.resolve("stat"), id + " (" + name + ") S 1 1 1 0 -1 4194368 0 0 0 0 " + userTicks
                + " 0 0 0 20 0 1 0 100 0 0\n");
    }
}
