package dev.ferry.bench;

import dev.ferry.bench.report.MachineInfo;
import dev.ferry.bench.report.MarkdownReport;
import dev.ferry.bench.report.Report;
import dev.ferry.bench.report.Section;
import dev.ferry.bench.report.TargetCheck;
import dev.ferry.bench.scenario.BatchScenario;
import dev.ferry.bench.scenario.EndToEndScenario;
import dev.ferry.bench.scenario.InFlightScenario;
import dev.ferry.bench.scenario.MetricsCostScenario;
import dev.ferry.bench.scenario.StoreReadsScenario;
import dev.ferry.bench.scenario.PollScenario;
import dev.ferry.bench.scenario.Scenario;
import dev.ferry.bench.scenario.ScenarioContext;
import dev.ferry.bench.scenario.ScenarioResult;
import dev.ferry.bench.scenario.StreamScenario;
import dev.ferry.bench.scenario.SubmitScenario;
import dev.ferry.bench.scenario.SyncOverheadScenario;
import dev.ferry.bench.scenario.WebhookDeliveryScenario;
import dev.ferry.bench.system.BenchEnvironment;
import dev.ferry.bench.system.CpuMonitor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs the benchmark scenarios and writes the report: {@code java -cp <bench classpath> dev.ferry.bench.BenchMain
 * [--duration <s>] [--output BENCHMARKS.md] [--only submit,poll,sync,e2e,webhooks,inflight,stream,metrics,batch]
 * ...}; see {@link BenchOptions}.
 */
public final class BenchMain {

    private final BenchOptions options;
    private final Consumer<String> progress;

    public BenchMain(BenchOptions options, Consumer<String> progress) {
        this.options = options;
        this.progress = progress;
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        // If the run is interrupted (Ctrl+C), take the worker JVM it may have started down with it.
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy), "bench-stop-children"));
        long startMillis = System.currentTimeMillis();
        Consumer<String> progress = line -> System.out.printf("[%6.1f s] %s%n",
                (System.currentTimeMillis() - startMillis) / 1000.0, line);
        String command = "./bench.sh" + (args.length == 0 ? "" : " " + String.join(" ", args));
        Report report = new BenchMain(options, progress).run(command);
        MarkdownReport markdown = new MarkdownReport();
        if (options.output().isPresent()) {
            markdown.write(options.output().get(), report);
            progress.accept("wrote " + options.output().get());
        } else {
            System.out.println(markdown.render(report));
        }
        for (TargetCheck check : report.targets()) {
            System.out.printf("%-55s %-45s %s%n", check.target(), check.measured(), check.holds() ? "holds" : "MISSED");
        }
        boolean failed = report.sections().stream().anyMatch(section -> section.measurements().isEmpty());
        // Kafka and Jetty leave no non-daemon threads once closed, but a benchmark must never hang at the end.
        System.exit(failed ? 1 : 0);
    }

    /** Runs the selected scenarios in a fresh environment and stops everything it started before returning. */
    public Report run(String command) throws Exception {
        Instant startedAt = Instant.now();
        String loadBefore = MachineInfo.loadAverage();
        List<Section> sections = new ArrayList<>();
        List<TargetCheck> targets = new ArrayList<>();
        CpuMonitor.Usage cpu;
        progress.accept("load average before: " + loadBefore + "; options: " + options.describe());
        try (BenchEnvironment env = BenchEnvironment.start()) {
            CpuMonitor.Window whole = env.cpu().open();
            ScenarioContext context = ScenarioContext.create(env, options, progress);
            for (Scenario scenario : scenarios(context)) {
                if (!options.runs(scenario.id())) {
                    continue;
                }
                env.cpu().awaitQuiet(0.15, options.settleTimeout().toMillis());
                try {
                    ScenarioResult result = scenario.run();
                    sections.add(result.section());
                    targets.addAll(result.targets());
                } catch (Exception | LinkageError e) {
                    progress.accept("scenario " + scenario.id() + " failed: " + e);
                    sections.add(failed(scenario.id(), e));
                }
            }
            cpu = whole.usage();
        }
        long seconds = (System.currentTimeMillis() - startedAt.toEpochMilli()) / 1000;
        return new Report(startedAt, seconds, command, MachineInfo.current(), loadBefore, MachineInfo.loadAverage(),
                cpu, sections, targets);
    }

    private List<Scenario> scenarios(ScenarioContext context) {
        return List.of(
                new SubmitScenario(context),
                new PollScenario(context, options.pollJobs()),
                new SyncOverheadScenario(context),
                new EndToEndScenario(context),
                new WebhookDeliveryScenario(context),
                new InFlightScenario(context),
                new StreamScenario(context),
                new MetricsCostScenario(context, options.pollJobs()),
                new StoreReadsScenario(context, options.pollJobs()),
                new BatchScenario(context));
    }

    private static Section failed(String id, Throwable e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        String firstLines = String.join("\n", trace.toString().lines().limit(8).toList());
        return new Section(id, id + " (FAILED)", "The scenario failed:\n\n```\n" + firstLines + "\n```", List.of(),
                List.of(), List.of(), null);
    }
}
