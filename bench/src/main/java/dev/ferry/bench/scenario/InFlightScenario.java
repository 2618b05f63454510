package dev.ferry.bench.scenario;

import dev.ferry.app.FerryNode;
import dev.ferry.app.Role;
import dev.ferry.bench.load.LoadResult;
import dev.ferry.bench.load.ProcessCpu;
import dev.ferry.bench.load.SteadyWarmUp;
import dev.ferry.bench.report.Measurement;
import dev.ferry.bench.report.Section;
import dev.ferry.bench.report.TargetCheck;
import dev.ferry.bench.system.CpuMonitor;
import dev.ferry.bench.system.JobEventsWatcher;
import dev.ferry.bench.system.MockProbe;
import dev.ferry.bench.system.WorkerProcess;
import dev.ferry.bench.target.HttpTargets;
import dev.ferry.bench.target.SubmittedJobs;
import dev.ferry.mockprovider.MockProviderServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * How many slow provider calls one worker keeps in flight, and its heap meanwhile. A worker runs in its own JVM
 * (capped at {@code -Xmx}) against a mock provider with a fixed latency. It first works through rounds of warm-up jobs
 * until its JIT compilers are nearly done, as in a long-running worker; then it is frozen while the measured jobs are
 * submitted through an ingress node, and let go once they all wait in Kafka, so that it meets them all at once. The
 * mock's {@code max_in_flight} tells how many calls were open at once, and the worker's own GC log its heap.
 */
public final class InFlightScenario implements Scenario {

    private static final int TARGET_IN_FLIGHT = 5000;
    private static final long TARGET_HEAP_BYTES = 512L * 1024 * 1024;
    private static final long SAMPLE_MILLIS = 50;
    /**
     * Rounds stop after this long even if the compilers are still busy. On two cores shared with the broker, the
     * ingress node and the bench, the worker's compilers were still taking a third of its CPU after 40 s of warm-up.
     */
    private static final Duration MAX_WARMUP = Duration.ofSeconds(150);

    private final ScenarioContext context;

    public InFlightScenario(ScenarioContext context) {
        this.context = context;
    }

    @Override
    public String id() {
        return "inflight";
    }

    @Override
    public ScenarioResult run() throws Exception {
        int wanted = context.options().inFlightJobs();
        Duration latency = context.options().inFlightLatency();
        context.progress().accept(String.format(Locale.ROOT, "in flight: %d jobs, %d ms provider, worker JVM -Xmx%dm",
                wanted, latency.toMillis(), context.options().workerHeapMiB()));
        CallStartFloor.measure(context, latency, wanted); // warms the client's code up; not reported
        CallStartFloor.Peak floor = CallStartFloor.measure(context, latency, wanted);
        context.progress().accept(String.format(Locale.ROOT, "  floor: the provider client alone held %,d calls in "
                + "flight", floor.maxInFlight()));
        try (MockProviderServer mock = context.env().startMock(latency);
                MockProbe probe = new MockProbe(mock.port(), context.env().mapper())) {
            Map<String, String> environment = new HashMap<>(
                    context.env().nodes().environment("inflight", mock.baseUrl()));
            environment.put("FERRY_WORKER_MAX_IN_FLIGHT", Integer.toString(context.options().inFlightCap()));
            try (FerryNode ingress = context.env().nodes().start(environment, EnumSet.of(Role.INGRESS));
                    JobEventsWatcher watcher = new JobEventsWatcher(context.env().bootstrapServers(),
                            environment.get("FERRY_JOB_EVENTS_TOPIC"))) {
                int port = ingress.httpPort().orElseThrow();
                Path log = context.env().dataDir().resolve("inflight-worker.log");
                // a data directory of its own: the ingress node holds its own one's lock (DataDirectoryLock)
                Map<String, String> workerEnvironment = new HashMap<>(environment);
                Path workerDir = Path.of(environment.get("FERRY_DATA_DIR") + "-worker");
                workerEnvironment.put("FERRY_DATA_DIR", workerDir.toString());
                workerEnvironment.put("FERRY_STATE_DIR", workerDir.resolve("state").toString());
                try (WorkerProcess worker = WorkerProcess.start(workerEnvironment, context.options().workerHeapMiB(),
                        context.options().workerJvmArgs(), log)) {
                    worker.awaitUp(90_000);
                    ProcessCpu workerCpu = worker.cpu();
                    SteadyWarmUp.Outcome warmUp = warmUp(port, worker, workerCpu, watcher, wanted, latency);
                    worker.pause();
                    List<LoadResult> submits;
                    try {
                        submits = submit(port, wanted, new SubmittedJobs());
                    } finally {
                        worker.resume();
                    }
                    ProcessCpu.Reading workerCpuAtResume = workerCpu.read();
                    long resumedNanos = System.nanoTime();
                    Instant resumedAt = Instant.now();
                    int jobs = submits.stream().mapToInt(run -> (int) run.succeeded()).sum();
                    CpuMonitor.Window window = context.env().cpu().open();
                    Peak peak = watchPeak(probe, worker, watcher, warmUp.units() + jobs, latency, resumedNanos,
                            resumedAt);
                    ProcessCpu.Spent measured = workerCpu.read().since(workerCpuAtResume);
                    MockProbe.Stats stats = probe.stats();
                    ScenarioResult result = result(jobs, warmUp, submits, stats, peak, window.usage(), measured,
                            worker, floor);
                    long stopMillis = worker.stop();
                    context.progress().accept(stopMillis < 0 ? "  the worker JVM did not exit within 15 s of SIGTERM"
                            : "  the worker JVM exited " + stopMillis + " ms after SIGTERM");
                    return result;
                }
            }
        }
    }

    /**
     * Runs rounds of half as many jobs as will be measured through the worker (none without a warm-up) until its JIT
     * compilers are nearly done, so that the measured peak is a steady worker's and not its compilers'.
     */
    private SteadyWarmUp.Outcome warmUp(int port, WorkerProcess worker, ProcessCpu workerCpu,
            JobEventsWatcher watcher, int wanted, Duration latency) throws Exception {
        if (context.options().warmup().isZero()) {
            return SteadyWarmUp.Outcome.NONE;
        }
        SteadyWarmUp.Outcome outcome = new SteadyWarmUp(workerCpu, SteadyWarmUp.STEADY_COMPILING_SHARE, MAX_WARMUP,
                context.progress()).run("worker", () -> {
                    SubmittedJobs jobs = new SubmittedJobs();
                    submit(port, Math.max(1, wanted / 2), jobs);
                    if (!watcher.awaitTerminal(jobs.ids(), Duration.ofSeconds(120).plus(latency))) {
                        throw new IllegalStateException("the warm-up jobs did not finish; worker log tail:\n"
                                + worker.logTail());
                    }
                    return jobs.size();
                });
        context.settle();
        return outcome;
    }

    /** Submits through ingress until {@code wanted} jobs are accepted, in as many runs as that takes (up to 2 min). */
    private List<LoadResult> submit(int port, int wanted, SubmittedJobs jobs) throws Exception {
        List<LoadResult> runs = new ArrayList<>();
        double rate = Math.min(context.options().endToEndRate(), Math.max(wanted, 1));
        long deadline = System.currentTimeMillis() + 120_000;
        while (jobs.size() < wanted && System.currentTimeMillis() < deadline) {
            long seconds = Math.max(1, Math.round(Math.ceil((wanted - jobs.size()) / rate)));
            double thisRate = (wanted - jobs.size()) / (double) seconds;
            runs.add(context.generator().run(HttpTargets.submit(port, SubmitScenario.BODY, jobs), thisRate,
                    Duration.ofSeconds(seconds)));
        }
        return runs;
    }

    /** What the measured phase showed: the worker's largest heap after a GC, and how long the jobs took. */
    private record Peak(OptionalLong heapBytes, long resumedToLastNanos, boolean allDone) {
    }

    private Peak watchPeak(MockProbe probe, WorkerProcess worker, JobEventsWatcher watcher, int jobs,
            Duration latency, long resumedNanos, Instant resumedAt) throws Exception {
        long start = System.currentTimeMillis();
        long deadline = start + Math.max(60_000, jobs / 50 * latency.toMillis() + 60_000);
        long lastReport = start;
        while (watcher.terminalCount() < jobs && System.currentTimeMillis() < deadline) {
            long now = System.currentTimeMillis();
            if (now - lastReport >= 1000) {
                lastReport = now;
                MockProbe.Stats stats = probe.stats();
                context.progress().accept(String.format(Locale.ROOT, "  %5.1f s: %d calls in flight, %d done",
                        (now - start) / 1000.0, stats.inFlight(), stats.completed()));
            }
            Thread.sleep(SAMPLE_MILLIS);
        }
        boolean allDone = watcher.terminalCount() >= jobs;
        if (context.options().heapHistogram()) {
            context.progress().accept(worker.liveHistogram(15));
        }
        long lastTerminal = watcher.lastTerminalNanos();
        return new Peak(worker.maxHeapAfterGcSince(resumedAt), lastTerminal == 0 ? 0 : lastTerminal - resumedNanos,
                allDone);
    }

    private ScenarioResult result(int jobs, SteadyWarmUp.Outcome warmUp, List<LoadResult> submits,
            MockProbe.Stats stats, Peak peak, CpuMonitor.Usage cpu, ProcessCpu.Spent measured, WorkerProcess worker,
            CallStartFloor.Peak floor) {
        double jobsPerSecond = peak.resumedToLastNanos() <= 0 ? 0 : jobs * 1e9 / peak.resumedToLastNanos();
        String heap = peak.heapBytes().isPresent() ? mib(peak.heapBytes().getAsLong()) : "unknown (no GC logged)";
        context.progress().accept(String.format(Locale.ROOT, "  max in flight %d, %.0f jobs/s, heap %s",
                stats.maxInFlight(), jobsPerSecond, heap));
        List<Measurement> rows = new ArrayList<>();
        rows.add(Measurement.of("async submit while the worker is paused", LoadResult.merge(submits),
                submits.size() + " run(s) until every job was accepted"));
        double workerCpuMicros = measured.known() && jobs > 0 ? measured.workNanos() / 1000.0 / jobs : Double.NaN;
        String compiling = measured.known() ? String.format(Locale.ROOT, "%.0f µs per job (%.0f %% of its CPU)",
                measured.compilingNanos() / 1000.0 / Math.max(1, jobs), measured.compilingShare() * 100) : "unknown";
        context.progress().accept("  the worker's JIT compilers while measured: " + compiling);
        rows.add(new Measurement("worker: jobs/s through the " + context.options().inFlightLatency().toMillis()
                + " ms provider (CPU: the worker JVM's, JIT apart)", jobsPerSecond, Double.NaN, Double.NaN,
                workerCpuMicros, jobs, stats.failed(), "max in flight " + stats.maxInFlight()));
        rows.add(new Measurement(String.format(Locale.ROOT, "floor: Ferry's provider client alone, %,d calls sent at "
                + "once from the bench JVM, calls/s", jobs), floor.callsPerSecond(), Double.NaN, Double.NaN,
                Double.NaN, jobs, 0, String.format(Locale.ROOT, "max in flight %d", floor.maxInFlight())));
        Section section = new Section(id(), "Calls in flight in one worker, slow provider",
                String.format(Locale.ROOT, "One worker runs in its own JVM (`java -Xmx%dm -cp <bench classpath> "
                        + "dev.ferry.app.Launcher worker`, `FERRY_WORKER_MAX_IN_FLIGHT=%d`) against a mock provider "
                        + "that answers after %d ms. It first works through rounds of %,d warm-up jobs until its "
                        + "JIT compilers take under %.0f %% of its CPU in a round (for at most %d s); then it is "
                        + "frozen (SIGSTOP) while %,d jobs are submitted through an ingress-only node, and let go "
                        + "(SIGCONT) once they all wait in Kafka. In-flight calls are the mock's `GET /mock/stats` "
                        + "max_in_flight; the heap is the largest occupancy right after any GC from then on, read "
                        + "from the worker's own GC log (`-Xlog:gc`), an upper bound of its live data. Jobs/s is the "
                        + "measured jobs / (last terminal event − the moment the worker was let go); CPU per job is "
                        + "the worker JVM's CPU time from then on, less its JIT compiler threads', over the measured "
                        + "jobs.",
                        context.options().workerHeapMiB(), context.options().inFlightCap(),
                        context.options().inFlightLatency().toMillis(),
                        Math.max(1, context.options().inFlightJobs() / 2),
                        SteadyWarmUp.STEADY_COMPILING_SHARE * 100, MAX_WARMUP.toSeconds(), jobs),
                rows,
                List.of(String.format(Locale.ROOT, "Max calls in flight in one worker: %,d (of %,d jobs queued, cap "
                                + "%,d).", stats.maxInFlight(), jobs, context.options().inFlightCap()),
                        String.format(Locale.ROOT, "Worker heap, largest right after a GC while measuring: %s "
                                + "(-Xmx%dm).", heap, context.options().workerHeapMiB()),
                        String.format(Locale.ROOT, "Floor: the same provider client with nothing else to do (no "
                                + "Kafka, no jobs, no events), sending %,d calls to a second mock of the same latency "
                                + "as fast as one thread per core can, held %,d in flight: about the most a worker "
                                + "could hold on this machine.", jobs, floor.maxInFlight()),
                        "Warm-up: " + warmUp.describe("jobs") + ". While measured, the worker's JIT compilers took "
                                + compiling + ".",
                        "CPU \"everything else\" below includes the worker JVM."),
                submits, cpu);
        boolean heapHolds = peak.heapBytes().isPresent() && peak.heapBytes().getAsLong() < TARGET_HEAP_BYTES;
        TargetCheck check = new TargetCheck("≥ 5,000 calls in flight in one worker, heap < 512 MiB",
                String.format(Locale.ROOT, "%,d in flight; heap at most %s after a GC", stats.maxInFlight(), heap),
                peak.allDone() && stats.maxInFlight() >= TARGET_IN_FLIGHT && heapHolds);
        if (!peak.allDone()) {
            context.progress().accept("  not every job finished; worker log tail:\n" + worker.logTail());
        }
        return new ScenarioResult(section, List.of(check));
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.0f MiB", bytes / 1024.0 / 1024.0);
    }
}
