package dev.ferry.bench.scenario;

import dev.ferry.app.FerryNode;
import dev.ferry.app.Role;
import dev.ferry.bench.load.LoadResult;
import dev.ferry.bench.report.Measurement;
import dev.ferry.bench.report.Section;
import dev.ferry.bench.report.TargetCheck;
import dev.ferry.bench.system.CpuMonitor;
import dev.ferry.bench.system.JobEventsWatcher;
import dev.ferry.bench.system.MockProbe;
import dev.ferry.bench.system.WorkerProcess;
import dev.ferry.bench.target.HttpTargets;
import dev.ferry.bench.target.SubmittedJobs;
import dev.ferry.providers.mock.MockProviderServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * How many slow provider calls one worker keeps in flight, and its heap meanwhile. Jobs are submitted through an
 * ingress node first and wait in Kafka; then a worker starts in its own JVM (capped at {@code -Xmx}) and takes them,
 * each call taking the mock provider's fixed latency. The mock's {@code max_in_flight} tells how many calls were
 * open at once; {@code jcmd GC.run} + {@code GC.heap_info} on the worker's pid tells the live heap at the peak.
 */
public final class InFlightScenario implements Scenario {

    private static final int TARGET_IN_FLIGHT = 5000;
    private static final long TARGET_HEAP_BYTES = 512L * 1024 * 1024;
    private static final long SAMPLE_MILLIS = 50;
    private static final long PLATEAU_MILLIS = 300;
    private static final int MAX_HEAP_SAMPLES = 4;

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
        try (MockProviderServer mock = context.env().startMock(latency);
                MockProbe probe = new MockProbe(mock.port(), context.env().mapper())) {
            Map<String, String> environment = new HashMap<>(
                    context.env().nodes().environment("inflight", mock.baseUrl()));
            environment.put("FERRY_WORKER_MAX_IN_FLIGHT", Integer.toString(context.options().inFlightCap()));
            try (FerryNode ingress = context.env().nodes().start(environment, EnumSet.of(Role.INGRESS));
                    JobEventsWatcher watcher = new JobEventsWatcher(context.env().bootstrapServers(),
                            environment.get("FERRY_JOB_EVENTS_TOPIC"))) {
                List<LoadResult> submits = submit(ingress.httpPort().orElseThrow(), wanted);
                int jobs = submits.stream().mapToInt(run -> (int) run.succeeded()).sum();
                context.settle();
                CpuMonitor.Window window = context.env().cpu().open();
                Path log = context.env().dataDir().resolve("inflight-worker.log");
                try (WorkerProcess worker = WorkerProcess.start(environment, context.options().workerHeapMiB(),
                        context.options().workerJvmArgs(), log)) {
                    worker.awaitUp(90_000);
                    Peak peak = watchPeak(probe, worker, watcher, jobs, latency);
                    MockProbe.Stats stats = probe.stats();
                    ScenarioResult result = result(jobs, submits, stats, peak, window.usage(), worker);
                    long stopMillis = worker.stop();
                    context.progress().accept(stopMillis < 0 ? "  the worker JVM did not exit within 15 s of SIGTERM"
                            : "  the worker JVM exited " + stopMillis + " ms after SIGTERM");
                    return result;
                }
            }
        }
    }

    /** Submits through ingress until {@code wanted} jobs are accepted, in as many runs as that takes (up to 2 min). */
    private List<LoadResult> submit(int port, int wanted) throws Exception {
        SubmittedJobs jobs = new SubmittedJobs();
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

    /** The heap sample and what was in flight when it was taken. */
    private record Peak(OptionalLong heapBytes, long inFlightAtSample, long millisToAllDone, long firstToLastNanos,
            boolean allDone) {
    }

    private Peak watchPeak(MockProbe probe, WorkerProcess worker, JobEventsWatcher watcher, int jobs,
            Duration latency) throws Exception {
        long ceiling = Math.min(jobs, context.options().inFlightCap());
        long start = System.currentTimeMillis();
        long deadline = start + Math.max(60_000, jobs / 50 * latency.toMillis() + 60_000);
        long highest = 0;
        long highestAt = start;
        OptionalLong heap = OptionalLong.empty();
        long inFlightAtSample = 0;
        int samples = 0;
        long lastReport = start;
        while (watcher.terminalCount() < jobs && System.currentTimeMillis() < deadline) {
            MockProbe.Stats stats = probe.stats();
            long inFlight = stats.inFlight();
            long now = System.currentTimeMillis();
            if (now - lastReport >= 1000) {
                lastReport = now;
                context.progress().accept(String.format(Locale.ROOT, "  %5.1f s: %d calls in flight, %d done",
                        (now - start) / 1000.0, inFlight, stats.completed()));
            }
            if (inFlight > highest) {
                highest = inFlight;
                highestAt = now;
            }
            // Sample at the top: when the ceiling is (nearly) reached, or when the count stopped rising near a new
            // high well above the last sample. A sample is a full GC of the worker, so there are only a few.
            boolean atCeiling = inFlight >= 0.95 * ceiling && inFlightAtSample < 0.95 * ceiling;
            boolean plateau = highest > 0 && now - highestAt >= PLATEAU_MILLIS && inFlight >= 0.8 * highest
                    && inFlight > 1.5 * inFlightAtSample;
            if (samples < MAX_HEAP_SAMPLES && (atCeiling || plateau)) {
                OptionalLong sample = worker.heapUsedAfterGc();
                samples++;
                context.progress().accept(String.format(Locale.ROOT, "  heap after GC with %d calls in flight: %s",
                        inFlight, sample.isPresent() ? mib(sample.getAsLong()) : "unknown"));
                if (sample.isPresent() || heap.isEmpty()) {
                    heap = sample;
                    inFlightAtSample = inFlight;
                }
                if (context.options().heapHistogram()) {
                    context.progress().accept(worker.liveHistogram(15));
                }
            }
            Thread.sleep(SAMPLE_MILLIS);
        }
        boolean allDone = watcher.terminalCount() >= jobs;
        if (samples == 0) {
            heap = worker.heapUsedAfterGc(); // the load was too small or too short to see a plateau
            inFlightAtSample = probe.stats().inFlight();
        }
        long firstEvent = watcher.firstEventNanos();
        long lastTerminal = watcher.lastTerminalNanos();
        return new Peak(heap, inFlightAtSample, System.currentTimeMillis() - start,
                firstEvent == 0 || lastTerminal == 0 ? 0 : lastTerminal - firstEvent, allDone);
    }

    private ScenarioResult result(int jobs, List<LoadResult> submits, MockProbe.Stats stats, Peak peak,
            CpuMonitor.Usage cpu, WorkerProcess worker) {
        double jobsPerSecond = peak.firstToLastNanos() <= 0 ? 0 : jobs * 1e9 / peak.firstToLastNanos();
        String heap = peak.heapBytes().isPresent() ? mib(peak.heapBytes().getAsLong()) : "unknown (jcmd gave nothing)";
        context.progress().accept(String.format(Locale.ROOT, "  max in flight %d, %.0f jobs/s, heap %s",
                stats.maxInFlight(), jobsPerSecond, heap));
        List<Measurement> rows = new ArrayList<>();
        rows.add(Measurement.of("async submit before the worker starts", LoadResult.merge(submits),
                submits.size() + " run(s) until every job was accepted"));
        double workerCpuMicros = worker.cpuNanos().isPresent() && stats.completed() > 0
                ? worker.cpuNanos().getAsLong() / 1000.0 / stats.completed() : Double.NaN;
        rows.add(new Measurement("worker: jobs/s through the " + context.options().inFlightLatency().toMillis()
                + " ms provider (CPU: the worker JVM's)", jobsPerSecond, Double.NaN, Double.NaN, workerCpuMicros,
                stats.completed(), stats.failed(),
                "max in flight " + stats.maxInFlight()));
        Section section = new Section(id(), "Calls in flight in one worker, slow provider",
                String.format(Locale.ROOT, "%,d jobs are submitted through an ingress-only node and wait in Kafka; "
                        + "then one worker starts in its own JVM (`java -Xmx%dm -cp <bench classpath> "
                        + "dev.ferry.app.Launcher worker`, `FERRY_WORKER_MAX_IN_FLIGHT=%d`) against a mock provider "
                        + "that answers after %d ms. In-flight calls are the mock's `GET /mock/stats` max_in_flight; "
                        + "the heap is `jcmd <pid> GC.run` then `GC.heap_info` (used, after a full GC) near the peak. "
                        + "Jobs/s is jobs / (last terminal event − first job event).",
                        jobs, context.options().workerHeapMiB(), context.options().inFlightCap(),
                        context.options().inFlightLatency().toMillis()),
                rows,
                List.of(String.format(Locale.ROOT, "Max calls in flight in one worker: %,d (of %,d jobs queued, cap "
                                + "%,d).", stats.maxInFlight(), jobs, context.options().inFlightCap()),
                        String.format(Locale.ROOT, "Worker heap after a full GC with %,d calls in flight: %s "
                                + "(-Xmx%dm).", peak.inFlightAtSample(), heap, context.options().workerHeapMiB()),
                        "CPU \"everything else\" below includes the worker JVM."),
                submits, cpu);
        boolean heapHolds = peak.heapBytes().isPresent() && peak.heapBytes().getAsLong() < TARGET_HEAP_BYTES;
        TargetCheck check = new TargetCheck("≥ 5,000 calls in flight in one worker, heap < 512 MiB",
                String.format(Locale.ROOT, "%,d in flight; heap %s at %,d in flight", stats.maxInFlight(), heap,
                        peak.inFlightAtSample()),
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
