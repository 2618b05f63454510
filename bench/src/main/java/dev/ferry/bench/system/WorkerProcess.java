package dev.ferry.bench.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Ferry worker in its own JVM ({@code dev.ferry.app.Launcher worker}, configured by environment variables), so its
 * heap holds only the worker. Its output goes to a log file. Its heap is read with {@code jcmd <pid> GC.run} followed by
 * {@code jcmd <pid> GC.heap_info}, i.e. what is live after a full collection.
 */
public final class WorkerProcess implements AutoCloseable {

    private static final Pattern HEAP_USED = Pattern.compile("total (\\d+)K, used (\\d+)K");
    private static final long STOP_TIMEOUT_SECONDS = 15;

    private final Process process;
    private final Path log;
    private final Path jcmd;

    private WorkerProcess(Process process, Path log, Path jcmd) {
        this.process = process;
        this.log = log;
        this.jcmd = jcmd;
    }

    /**
     * @param maxHeapMiB the child's {@code -Xmx}: the budget the in-flight target is measured against
     * @param jvmArgs more JVM options, e.g. to start a flight recording
     */
    public static WorkerProcess start(
            Map<String, String> environment,
            int maxHeapMiB,
            List<String> jvmArgs,
            Path log) throws IOException {
        Path javaHome = Path.of(System.getProperty("java.home"));
        List<String> command = new ArrayList<>(List.of(
                javaHome.resolve("bin").resolve("java").toString(), "-Xmx" + maxHeapMiB + "m", "-XX:+UseG1GC"));
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.ferry.app.Launcher", "worker"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        return new WorkerProcess(builder.start(), log, javaHome.resolve("bin").resolve("jcmd"));
    }

    /** CPU time the worker JVM used so far (startup included), or empty where the OS does not tell. */
    public OptionalLong cpuNanos() {
        return process.info().totalCpuDuration().map(d -> OptionalLong.of(d.toNanos())).orElse(OptionalLong.empty());
    }

    public long pid() {
        return process.pid();
    }

    /** Waits until the worker printed that it is up; fails if it exits or takes longer than the timeout. */
    public void awaitUp(long timeoutMillis) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the worker JVM exited with " + process.exitValue() + ": " + logTail());
            }
            if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains("Ferry is up")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the worker JVM did not start in " + timeoutMillis + " ms: " + logTail());
    }

    /** Heap in use after a full GC, in bytes, or empty if {@code jcmd} could not tell. */
    public OptionalLong heapUsedAfterGc() throws InterruptedException {
        if (!Files.isExecutable(jcmd)) {
            return OptionalLong.empty();
        }
        try {
            run(jcmd.toString(), Long.toString(pid()), "GC.run");
            Matcher matcher = HEAP_USED.matcher(run(jcmd.toString(), Long.toString(pid()), "GC.heap_info"));
            return matcher.find() ? OptionalLong.of(Long.parseLong(matcher.group(2)) * 1024) : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /** The classes with the most live bytes ({@code jcmd GC.class_histogram}, itself a full GC), for diagnosis. */
    public String liveHistogram(int classes) throws InterruptedException {
        if (!Files.isExecutable(jcmd)) {
            return "(no jcmd)";
        }
        try {
            List<String> lines = run(jcmd.toString(), Long.toString(pid()), "GC.class_histogram").lines().toList();
            List<String> top = new ArrayList<>(lines.subList(0, Math.min(lines.size(), classes + 3)));
            lines.stream().filter(line -> line.startsWith("Total")).findFirst().ifPresent(top::add);
            return String.join("\n", top);
        } catch (IOException e) {
            return "(jcmd failed: " + e.getMessage() + ")";
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process jcmdProcess = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = jcmdProcess.getInputStream().readAllBytes();
        jcmdProcess.waitFor(30, TimeUnit.SECONDS);
        return new String(output, StandardCharsets.UTF_8);
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /**
     * Stops the worker as an operator would (SIGTERM, so it drains and commits), then forcibly if it has not exited
     * within 15 s.
     *
     * @return how long it took to exit after SIGTERM, in milliseconds, or -1 if it had to be killed
     */
    public long stop() throws InterruptedException {
        long start = System.nanoTime();
        process.destroy();
        if (process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            return (System.nanoTime() - start) / 1_000_000;
        }
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        return -1;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }
}
