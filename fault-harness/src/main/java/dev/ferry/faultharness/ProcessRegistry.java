package dev.ferry.faultharness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Every child process the harness ever started, so that {@link #destroyAll()} leaves none behind, whatever failed.
 * The pids also go to a file, one a line, so that {@code fault-harness.sh} can clean up if this JVM itself is killed.
 */
final class ProcessRegistry {

    private final List<Process> processes = new ArrayList<>();
    private final Path pidFile;

    ProcessRegistry(Path pidFile) {
        this.pidFile = pidFile;
    }

    synchronized void started(ChildJvm jvm, Process process) {
        processes.add(process);
        try {
            Files.createDirectories(pidFile.getParent());
            Files.writeString(pidFile, process.pid() + " " + jvm.name() + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the pid file is only a safety net for the script
        }
    }

    /** SIGKILL to every process still alive, then waits for them. Safe to call twice and from a shutdown hook. */
    void destroyAll() {
        List<Process> all;
        synchronized (this) {
            all = List.copyOf(processes);
        }
        for (Process process : all) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        for (Process process : all) {
            try {
                process.waitFor(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
