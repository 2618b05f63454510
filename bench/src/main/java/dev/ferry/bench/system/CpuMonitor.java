package dev.ferry.bench.system;

import dev.ferry.bench.load.ProcessCpu;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How busy the machine was during a stretch of time, and how much of that was not this JVM: other people's builds on a
 * shared machine show up here. Reads {@code /proc/stat}; elsewhere it reports nothing.
 */
public final class CpuMonitor {

    /** Shares of the whole machine (all cores) over the window, between 0 and 1. */
    public record Usage(double machineBusy, double thisJvm, double others) {
    }

    private static final Path PROC_STAT = Path.of("/proc/stat");
    private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ is 100 on Linux

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final ProcessCpu process = new ProcessCpu();

    /** A point to measure from. */
    public final class Window {
        private final long[] startTicks = ticks();
        private final long startJvmNanos = os.getProcessCpuTime();

        /** Usage since this window opened, or null where {@code /proc/stat} is missing. */
        public Usage usage() {
            long[] endTicks = ticks();
            if (startTicks == null || endTicks == null) {
                return null;
            }
            long total = endTicks[0] - startTicks[0];
            long busy = endTicks[1] - startTicks[1];
            if (total <= 0) {
                return new Usage(0, 0, 0);
            }
            double machine = (double) busy / total;
            double jvm = Math.min(machine, (os.getProcessCpuTime() - startJvmNanos) / (double) (total * NANOS_PER_TICK));
            return new Usage(machine, jvm, Math.max(0, machine - jvm));
        }
    }

    /** CPU time this JVM has used so far, its JIT compiler threads' told apart. */
    public ProcessCpu.Reading process() {
        return process.read();
    }

    public Window open() {
        return new Window();
    }

    /**
     * Waits until this JVM uses less than {@code maxShare} of the machine over half a second, e.g. until a job store
     * has caught up with what the last scenario wrote, or until {@code timeoutMillis} passed.
     *
     * @return the milliseconds waited
     */
    public long awaitQuiet(double maxShare, long timeoutMillis) throws InterruptedException {
        long start = System.currentTimeMillis();
        while (System.currentTimeMillis() - start < timeoutMillis) {
            Window window = open();
            Thread.sleep(500);
            Usage usage = window.usage();
            if (usage == null || usage.thisJvm() < maxShare) {
                break;
            }
        }
        return System.currentTimeMillis() - start;
    }

    /** {total, busy} ticks summed over all cores, or null. */
    private static long[] ticks() {
        try {
            String cpu = Files.readAllLines(PROC_STAT).get(0);
            String[] fields = cpu.trim().split("\\s+");
            long total = 0;
            long idle = 0;
            for (int i = 1; i < fields.length && i <= 8; i++) {
                long value = Long.parseLong(fields[i]);
                total += value;
                if (i == 4 || i == 5) { // idle, iowait
                    idle += value;
                }
            }
            return new long[] {total, total - idle};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
