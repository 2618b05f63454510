package dev.ferry.faultharness;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One harness run: starts the Kafka nodes, runs each scenario, and always kills every child process at the end, from
 * a {@code finally} and from a shutdown hook (for a harness stopped with Ctrl-C or SIGTERM).
 */
final class FaultHarness {

    private static final Duration KAFKA_READY_TIMEOUT = Duration.ofSeconds(120);

    private final HarnessOptions options;
    private final String classpath;
    private final PrintStream progress;

    FaultHarness(HarnessOptions options, String classpath, PrintStream progress) {
        this.options = options;
        this.classpath = classpath;
        this.progress = progress;
    }

    ReliabilityReport run() throws IOException, InterruptedException {
        long started = System.nanoTime();
        String loadBefore = MachineInfo.loadAverage();
        Path workDir = options.workDir().toAbsolutePath();
        Directories.delete(workDir);
        Files.createDirectories(workDir);
        ProcessRegistry registry = new ProcessRegistry(workDir.resolve("pids"));
        Thread hook = new Thread(registry::destroyAll, "fault-harness-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        List<ScenarioResult> results = new ArrayList<>();
        try (HarnessHttp http = new HarnessHttp(Duration.ofSeconds(45))) {
            progress.println("[fault-harness] starting 3 Kafka nodes under " + workDir);
            try (ClusterProcesses cluster = ClusterProcesses.startKafka(workDir, classpath, registry, http,
                    KAFKA_READY_TIMEOUT)) {
                progress.printf("[fault-harness] Kafka up in %.1f s at %s%n", (System.nanoTime() - started) / 1e9,
                        cluster.bootstrapServers());
                ScenarioRunner runner = new ScenarioRunner(cluster, http, new ObjectMapper(), options, progress);
                for (Scenario scenario : options.scenarios()) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new InterruptedException("the harness was interrupted");
                    }
                    results.add(runner.run(scenario));
                    if (cluster.probe().brokerCount() < 3) {
                        cluster.awaitBrokers(KAFKA_READY_TIMEOUT);
                    }
                }
            }
        } finally {
            registry.destroyAll();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook runs anyway
            }
        }
        return new ReliabilityReport(options, MachineInfo.current(), loadBefore, MachineInfo.loadAverage(),
                (System.nanoTime() - started) / 1e9, results);
    }
}
