package dev.ferry.faultharness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One child JVM on the harness's classpath: a main class, its arguments, its environment and a log file that every
 * (re)start appends to. {@link #kill()} is {@code kill -9} ({@link Process#destroyForcibly()} sends SIGKILL on Linux).
 * Nothing is ever stopped gently: faults are SIGKILLs, and at the end the whole cluster is thrown away (a broker that
 * lost its quorum would ignore SIGTERM anyway).
 */
final class ChildJvm {

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path log;
    private final ProcessRegistry registry;
    private Process process;
    private long logOffsetAtStart;

    ChildJvm(String name, JvmSpec spec, List<String> mainAndArgs, Map<String, String> environment, Path log,
            ProcessRegistry registry) {
        this.name = name;
        this.command = new ArrayList<>(spec.command());
        this.command.addAll(mainAndArgs);
        this.environment = Map.copyOf(environment);
        this.log = log;
        this.registry = registry;
    }

    String name() {
        return name;
    }

    synchronized ChildJvm start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        Files.createDirectories(log.getParent());
        logOffsetAtStart = Files.exists(log) ? Files.size(log) : 0;
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // only what this harness sets: a FERRY_* or KAFKA_* variable of the caller's shell must not leak in
        builder.environment().keySet().removeIf(key -> key.startsWith("FERRY_") || key.startsWith("KAFKA_")
                || key.startsWith("OPENAI_") || key.startsWith("AZURE_OPENAI_"));
        builder.environment().putAll(environment);
        process = builder.start();
        registry.started(this, process);
        return this;
    }

    synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Sends SIGKILL and returns at once; for killing from a callback that must not block. */
    void killNow() {
        Process running;
        synchronized (this) {
            running = process;
        }
        if (running != null) {
            running.destroyForcibly();
        }
    }

    /** kill -9: the process gets no chance to flush, commit or leave its groups. Returns once it is gone. */
    void kill() throws InterruptedException {
        Process running;
        synchronized (this) {
            running = process;
        }
        if (running == null) {
            return;
        }
        running.destroyForcibly();
        running.waitFor(30, TimeUnit.SECONDS);
    }


    /** Number of times {@code text} occurs in the log (restarts append, so this counts across them). */
    int logCount(String text) {
        try {
            if (!Files.exists(log)) {
                return 0;
            }
            String content = Files.readString(log, StandardCharsets.UTF_8);
            int count = 0;
            for (int at = content.indexOf(text); at >= 0; at = content.indexOf(text, at + text.length())) {
                count++;
            }
            return count;
        } catch (IOException e) {
            return 0;
        }
    }

    /** What this process logged since its last start. */
    synchronized String logSinceStart() {
        try {
            String content = Files.readString(log, StandardCharsets.UTF_8);
            return content.substring((int) Math.min(content.length(), logOffsetAtStart));
        } catch (IOException e) {
            return "";
        }
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 25), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    Path log() {
        return log;
    }

    void requireAlive() {
        if (!isAlive()) {
            throw new IllegalStateException(name + " exited; log " + log + ":\n" + logTail());
        }
    }
}
