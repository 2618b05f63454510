package dev.ferry.bench.system;

import dev.ferry.bench.load.ProcessCpu;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Ferry worker in its own JVM ({@code dev.ferry.app.Launcher worker}, configured by environment variables), so its
 * heap holds only the worker. Its output goes to a log file. Its heap is read from its own GC log, which costs it nothing while
 * it runs (a {@code jcmd} full collection in the middle of a ramp took the worker seconds to recover from).
 */
public final class WorkerProcess implements AutoCloseable {

    /** A unified-logging {@code gc} line with {@code utctime}: {@code [time] GC(n) Pause ... 120M->45M(512M) 3.4ms}. */
    private static final Pattern GC_LINE =
            Pattern.compile("^\\[([^\\]]+)\\] GC\\(\\d+\\) .* (\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)[KMG]\\)");
    private static final DateTimeFormatter GC_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    private static final long STOP_TIMEOUT_SECONDS = 15;

    private final Process process;
    private final Path log;
    private final Path gcLog;
    private final Path jcmd;

    private WorkerProcess(Process process, Path log, Path gcLog, Path jcmd) {
        this.process = process;
        this.log = log;
        this.gcLog = gcLog;
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
        return start(environment, "worker", maxHeapMiB, jvmArgs, log);
    }

    /** Any Ferry role in a JVM of its own ({@code ingress} for a gateway alone), measured the same way. */
    public static WorkerProcess start(
            Map<String, String> environment,
            String role,
            int maxHeapMiB,
            List<String> jvmArgs,
            Path log) throws IOException {
        return start(environment, role, maxHeapMiB, jvmArgs, log, OptionalInt.empty());
    }

    /** The same, started through {@code nice -n <nice>} if given: the OS gives its threads less of a busy CPU. */
    public static WorkerProcess start(
            Map<String, String> environment,
            String role,
            int maxHeapMiB,
            List<String> jvmArgs,
            Path log,
            OptionalInt nice) throws IOException {
        Path javaHome = Path.of(System.getProperty("java.home"));
        Path gcLog = log.resolveSibling(log.getFileName() + ".gc");
        List<String> command = new ArrayList<>();
        nice.ifPresent(value -> command.addAll(List.of("nice", "-n", Integer.toString(value))));
        command.addAll(List.of(
                javaHome.resolve("bin").resolve("java").toString(), "-Xmx" + maxHeapMiB + "m", "-XX:+UseG1GC",
                "-Xlog:gc:file=" + gcLog + ":utctime"));
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.ferry.app.Launcher", role));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        builder.environment().putIfAbsent("FERRY_MANAGEMENT_PORT", "0"); // any free port: other processes share the host
        return new WorkerProcess(builder.start(), log, gcLog, javaHome.resolve("bin").resolve("jcmd"));
    }

    /** The worker JVM's CPU with its JIT compilers' share told apart. */
    public ProcessCpu cpu() {
        return ProcessCpu.of(process.toHandle());
    }

    public long pid() {
        return process.pid();
    }

    /**
     * Freezes the worker JVM (SIGSTOP), so that jobs can queue up for it without being taken. Kept short (well under
     * the worker's 10 s consumer session timeout), it costs the worker nothing but the pause.
     */
    public void pause() throws IOException, InterruptedException {
        signal("-STOP");
    }

    /** Lets a paused worker JVM go on (SIGCONT). */
    public void resume() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(pid())).redirectErrorStream(true).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill " + signal + " " + pid() + " failed");
        }
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

    /**
     * The largest heap occupancy right after any collection that ended at or after {@code since}, from the worker's
     * GC log: an upper bound of its live data then (a young collection leaves the old generation's garbage in place).
     */
    public OptionalLong maxHeapAfterGcSince(Instant since) throws IOException {
        if (!Files.exists(gcLog)) {
            return OptionalLong.empty();
        }
        OptionalLong max = OptionalLong.empty();
        for (String line : Files.readAllLines(gcLog, StandardCharsets.UTF_8)) {
            Matcher gc = GC_LINE.matcher(line);
            if (gc.find() && !OffsetDateTime.parse(gc.group(1), GC_TIME).toInstant().isBefore(since)) {
                long after = bytes(Long.parseLong(gc.group(4)), gc.group(5));
                max = OptionalLong.of(Math.max(after, max.orElse(0)));
            }
        }
        return max;
    }

    private static long bytes(long amount, String unit) {
        return switch (unit) {
            case "K" -> amount * 1024;
            case "M" -> amount * 1024 * 1024;
            default -> amount * 1024 * 1024 * 1024;
        };
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
