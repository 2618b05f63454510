package dev.ferry.bench.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * A JVM's CPU time (this one's, or another's on the same host), with the share of its JIT compiler threads told apart.
 * Compiling is what a JVM does until its code paths are hot, once, not per request: in this bench, where one JVM holds
 * the broker, the job store, the servers and the clients, the compiler threads still took a quarter to a third of the
 * CPU of the end-to-end step four minutes into a run. A cost per request counts the rest, and the compiling is
 * reported beside it.
 *
 * <p>The compiler threads are found by name in {@code /proc/<pid>/task} ({@code C1 CompilerThread…} and
 * {@code C2 CompilerThread…}, cut to 15 characters by Linux) and read at the kernel's tick (10 ms). Where there is no
 * {@code /proc}, compiling reads as 0 and every figure includes it, as before.
 */
public final class ProcessCpu {

    private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ is 100 on Linux
    /** utime and stime are the 14th and 15th fields of a task's stat, so the 12th and 13th after its name. */
    private static final int UTIME_AFTER_NAME = 11;

    private final Path tasks;
    private final LongSupplier totalNanos;

    /** This JVM. */
    public ProcessCpu() {
        this(Path.of("/proc/self/task"), ((com.sun.management.OperatingSystemMXBean)
                ManagementFactory.getOperatingSystemMXBean())::getProcessCpuTime);
    }

    /** Reads the compiler threads from {@code tasks}, laid out as {@code /proc/<pid>/task}, the total elsewhere. */
    ProcessCpu(Path tasks, LongSupplier totalNanos) {
        this.tasks = tasks;
        this.totalNanos = totalNanos;
    }

    /** Another JVM on this host, such as a worker the bench started; reads -1 once it has exited. */
    public static ProcessCpu of(ProcessHandle process) {
        return new ProcessCpu(Path.of("/proc", Long.toString(process.pid()), "task"),
                () -> process.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(-1L));
    }

    /** The JVM's CPU time so far, and how much of it its compiler threads spent; -1 where unknown. */
    public record Reading(long totalNanos, long compilingNanos) {

        /** What was spent from {@code start} to this reading. */
        public Spent since(Reading start) {
            if (totalNanos < 0 || start.totalNanos() < 0) {
                return Spent.UNKNOWN;
            }
            // A compiler thread that exited takes its ticks along: never count more compiling than was spent.
            long compiling = Math.min(totalNanos - start.totalNanos(),
                    Math.max(0, compilingNanos - start.compilingNanos()));
            return new Spent(totalNanos - start.totalNanos() - compiling, compiling);
        }
    }

    /**
     * CPU time spent over a stretch: by the JIT compiler threads, and by everything else (the work measured).
     *
     * @param workNanos -1 if unknown
     */
    public record Spent(long workNanos, long compilingNanos) {

        static final Spent UNKNOWN = new Spent(-1, -1);

        public boolean known() {
            return workNanos >= 0;
        }

        /** The compilers' part of all the CPU spent, 0 to 1; NaN if unknown or nothing was spent. */
        public double compilingShare() {
            long total = workNanos + compilingNanos;
            return known() && total > 0 ? compilingNanos / (double) total : Double.NaN;
        }
    }

    public Reading read() {
        return new Reading(totalNanos.getAsLong(), compilingNanos());
    }

    private long compilingNanos() {
        if (!Files.isDirectory(tasks)) {
            return 0;
        }
        long ticks = 0;
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
            for (Path task : threads) {
                ticks += compilerTicks(task);
            }
        } catch (IOException e) {
            return 0;
        }
        return ticks * NANOS_PER_TICK;
    }

    /** The task's user and system ticks if it is a JIT compiler thread, else 0 (also if it has just exited). */
    private static long compilerTicks(Path task) {
        try {
            String name = Files.readString(task.resolve("comm")).strip();
            if (!name.startsWith("C1 CompilerThre") && !name.startsWith("C2 CompilerThre")) {
                return 0;
            }
            String stat = Files.readString(task.resolve("stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[UTIME_AFTER_NAME]) + Long.parseLong(fields[UTIME_AFTER_NAME + 1]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
