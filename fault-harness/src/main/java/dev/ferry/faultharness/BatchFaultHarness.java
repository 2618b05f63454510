package dev.ferry.faultharness;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The batch part of the fault harness: three Kafka nodes, then for each batch scenario a fresh Ferry deployment, a
 * batch, one process killed with SIGKILL mid-batch, and an audit of the batch's files and lane. Every child process
 * is killed at the end, also when the harness itself is stopped.
 */
final class BatchFaultHarness {

    private static final Duration KAFKA_READY_TIMEOUT = Duration.ofSeconds(120);

    private final BatchHarnessOptions options;
    private final String classpath;
    private final PrintStream progress;

    BatchFaultHarness(BatchHarnessOptions options, String classpath, PrintStream progress) {
        this.options = options;
        this.classpath = classpath;
        this.progress = progress;
    }

    /** Runs every scenario of the options and returns their results, in order. */
    List<BatchScenarioResult> run() throws IOException, InterruptedException {
        Directories.delete(options.workDir());
        Files.createDirectories(options.workDir());
        ProcessRegistry registry = new ProcessRegistry(options.workDir().resolve("pids"));
        Thread hook = new Thread(registry::destroyAll, "batch-fault-harness-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        List<BatchScenarioResult> results = new ArrayList<>();
        try (HarnessHttp http = new HarnessHttp(Duration.ofSeconds(45));
                ClusterProcesses cluster = ClusterProcesses.startKafka(options.workDir(), classpath, registry, http,
                        KAFKA_READY_TIMEOUT)) {
            BatchScenarioRunner runner = new BatchScenarioRunner(cluster, http, new ObjectMapper(),
                    options.restartDelay(), options.liveness(), progress);
            for (BatchFault fault : options.faults()) {
                results.add(runner.run(fault, options.lines(), options.latency()));
                if (cluster.probe().brokerCount() < 3) {
                    cluster.awaitBrokers(KAFKA_READY_TIMEOUT);
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
        return results;
    }

    /** {@code … BatchFaultHarness [--scenarios ba,bb,bc] [--lines N] [--work-dir DIR] [--output FILE]}. */
    public static void main(String[] args) throws Exception {
        BatchHarnessOptions options;
        try {
            options = BatchHarnessOptions.parse(args, BatchHarnessOptions.full(
                    java.nio.file.Path.of("fault-harness", "target", "batch-fault-harness")));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        String loadBefore = MachineInfo.loadAverage();
        List<BatchScenarioResult> results = new BatchFaultHarness(options, System.getProperty("java.class.path"),
                System.out).run();
        String markdown = BatchReliabilitySection.markdown(results, options.command(), MachineInfo.current(),
                loadBefore, MachineInfo.loadAverage());
        if (options.output().isPresent()) {
            new ReportSection("batch-scenarios").writeInto(options.output().get(), markdown);
            System.out.println("[fault-harness] wrote " + options.output().get().toAbsolutePath());
        } else {
            System.out.println(markdown);
        }
        System.exit(results.stream().allMatch(BatchScenarioResult::holds) ? 0 : 1);
    }
}
