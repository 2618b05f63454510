package dev.ferry.bench.scenario;

import dev.ferry.app.FerryNode;
import dev.ferry.app.Role;
import dev.ferry.bench.load.LoadResult;
import dev.ferry.bench.report.LatencyCurve;
import dev.ferry.bench.report.MarkdownReport;
import dev.ferry.bench.report.Measurement;
import dev.ferry.bench.report.Section;
import dev.ferry.bench.report.TargetCheck;
import dev.ferry.bench.system.CpuMonitor;
import dev.ferry.bench.system.JobEventsWatcher;
import dev.ferry.bench.target.HttpTargets;
import dev.ferry.bench.target.SubmittedJobs;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/**
 * Jobs per second from submit to terminal state with a zero-latency provider: one Ferry node with every role submits
 * jobs open-loop at a fixed offered rate for the run's duration, and a plain consumer of {@code job-events} notes when
 * each job's {@code completed} event arrives. Throughput is completed jobs over the time from the first intended
 * submit to the last {@code completed} event; latency per job is from its intended submit time to that event. Jobs
 * that failed, or never ended, are counted apart and left out of both.
 */
public final class EndToEndScenario implements Scenario {

    private static final double TARGET_JOBS_PER_SECOND = 3000;
    /** CPU microseconds per completed job, the whole node and its broker included. */
    private static final double TARGET_CPU_MICROS_PER_JOB = 500;
    private static final double WARMUP_RATE = 1000;
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(120);

    private final ScenarioContext context;

    public EndToEndScenario(ScenarioContext context) {
        this.context = context;
    }

    @Override
    public String id() {
        return "e2e";
    }

    @Override
    public ScenarioResult run() throws Exception {
        Map<String, String> environment = context.env().nodes().environment("e2e", context.env().instantMock().baseUrl());
        double rate = context.options().endToEndRate();
        context.progress().accept(String.format(Locale.ROOT, "end to end, zero-latency provider, offered %.0f/s",
                rate));
        try (FerryNode node = context.env().nodes().start(environment, EnumSet.allOf(Role.class));
                JobEventsWatcher watcher = new JobEventsWatcher(context.env().bootstrapServers(),
                        environment.get("FERRY_JOB_EVENTS_TOPIC"))) {
            int port = node.httpPort().orElseThrow();
            SubmittedJobs jobs = new SubmittedJobs();
            if (!context.options().warmup().isZero()) {
                context.generator().run(HttpTargets.submit(port, SubmitScenario.BODY, jobs),
                        Math.min(rate, WARMUP_RATE), context.options().warmup());
                watcher.awaitTerminal(jobs.ids(), DRAIN_TIMEOUT);
                jobs.clear();
                context.settle();
            }
            CpuMonitor.Window window = context.env().cpu().open();
            long cpuBefore = context.env().cpu().processCpuNanos();
            LoadResult submits = context.generator().run(HttpTargets.submit(port, SubmitScenario.BODY, jobs), rate,
                    context.options().duration());
            Map<String, Long> intended = jobs.intendedNanosById();
            boolean allDone = watcher.awaitTerminal(intended.keySet(), DRAIN_TIMEOUT);
            CpuMonitor.Usage cpu = window.usage();
            long cpuNanos = context.env().cpu().processCpuNanos() - cpuBefore;
            return result(submits, intended, watcher, allDone, cpu, cpuNanos);
        }
    }

    private ScenarioResult result(LoadResult submits, Map<String, Long> intended, JobEventsWatcher watcher,
            boolean allDone, CpuMonitor.Usage cpu, long cpuNanos) {
        Histogram latency = new Histogram(Duration.ofMinutes(10).toNanos() / 1000, 3);
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long completed = 0;
        long failed = 0;
        for (Map.Entry<String, Long> job : intended.entrySet()) {
            first = Math.min(first, job.getValue());
            Optional<JobEventsWatcher.Terminal> terminal = watcher.terminal(job.getKey());
            if (terminal.isPresent() && !terminal.get().completed()) {
                failed++;
            } else if (terminal.isPresent()) {
                long done = terminal.get().nanos();
                completed++;
                last = Math.max(last, done);
                latency.recordValue(Math.max(0, Math.min(latency.getHighestTrackableValue(),
                        (done - job.getValue()) / 1000)));
            }
        }
        double jobsPerSecond = completed == 0 ? 0 : completed * 1e9 / (last - first);
        context.figures().put(RunFigures.END_TO_END_JOBS_PER_SECOND, jobsPerSecond);
        long unfinished = intended.size() - completed - failed;
        double p50 = completed == 0 ? Double.NaN : latency.getValueAtPercentile(50) / 1000.0;
        double p99 = completed == 0 ? Double.NaN : latency.getValueAtPercentile(99) / 1000.0;
        context.progress().accept(String.format(Locale.ROOT, "  %d jobs, %.0f completed jobs/s end to end, p50 %.1f "
                + "ms, p99 %.1f ms, %d failed, %d unfinished", intended.size(), jobsPerSecond, p50, p99, failed,
                unfinished));
        Measurement submitRow = Measurement.of(String.format(Locale.ROOT, "async submit, offered %.0f/s",
                submits.targetRate()), submits, submits.missed() > 0 ? submits.missed() + " not sent in time" : "");
        Measurement e2eRow = new Measurement("submit → `completed` event, completed jobs/s", jobsPerSecond, p50, p99,
                completed == 0 ? Double.NaN : cpuNanos / 1000.0 / completed, completed, failed + unfinished,
                (failed > 0 ? failed + " failed (errors column)" : "") + (failed > 0 && !allDone ? "; " : "")
                        + (allDone ? "" : unfinished + " not terminal after " + DRAIN_TIMEOUT.toSeconds() + " s"));
        Section section = new Section(id(), "End to end, zero-latency provider",
                "One Ferry node with every role (ingress, store, worker) in the bench JVM, calling the zero-latency "
                        + "mock over HTTP. Jobs are submitted open-loop at a fixed offered rate for the step duration; "
                        + "a plain consumer of `job-events` notes each job's terminal event. Jobs/s = completed jobs "
                        + "/ (last `completed` event − first intended submit); latency per completed job = its "
                        + "`completed` event − its intended submit. Failed and unfinished jobs are counted apart (the "
                        + "errors column), not in jobs/s or latency. The offered rate is above the target, so jobs/s "
                        + "shows what the node keeps up with.",
                List.of(submitRow, e2eRow),
                List.of(String.format(Locale.ROOT, "%,.0f completed jobs/s end to end (%d jobs: %d completed, %d "
                        + "failed, %d unfinished).", jobsPerSecond, intended.size(), completed, failed, unfinished)),
                List.of(submits), cpu,
                List.of(new LatencyCurve("async submit → 200", submits.latencyMicros()),
                        new LatencyCurve("submit → `completed` event", latency)));
        double cpuPerJob = completed == 0 ? Double.NaN : cpuNanos / 1000.0 / completed;
        TargetCheck check = new TargetCheck("end to end ≥ 3,000 jobs/s, zero-latency provider",
                String.format(Locale.ROOT, "%,.0f completed jobs/s", jobsPerSecond),
                allDone && failed == 0 && jobsPerSecond >= TARGET_JOBS_PER_SECOND);
        TargetCheck cpuCheck = new TargetCheck("end to end ≤ 0.5 ms of CPU per job",
                MarkdownReport.micros(cpuPerJob) + " µs per completed job", cpuPerJob <= TARGET_CPU_MICROS_PER_JOB);
        return new ScenarioResult(section, List.of(check, cpuCheck));
    }
}
