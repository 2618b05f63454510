package dev.ferry.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.app.FerryNode;
import dev.ferry.app.Role;
import dev.ferry.bench.load.LoadResult;
import dev.ferry.bench.report.Measurement;
import dev.ferry.bench.report.Section;
import dev.ferry.bench.report.TargetCheck;
import dev.ferry.bench.system.BatchHttp;
import dev.ferry.bench.system.CpuMonitor;
import dev.ferry.bench.system.CpuSpinners;
import dev.ferry.bench.system.GcPauses;
import dev.ferry.bench.system.JobEventsWatcher;
import dev.ferry.bench.system.WorkerProcess;
import dev.ferry.bench.target.HttpTargets;
import dev.ferry.bench.target.SubmittedJobs;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * A batch on the zero-latency mock, three questions. Throughput: lines per second from creating the batch to its
 * {@code completed} status, as a ratio to the end-to-end scenario's jobs/s of the same run. Isolation: the p99 of
 * interactive async jobs (submit → {@code completed} event) submitted at a fixed rate while the batch runs, against the
 * same load on the idle node just before, and against its floor: the same load on the idle node beside threads that
 * only keep every core busy (see {@link CpuSpinners}), what a busy machine alone does to that latency. Memory: a
 * gateway in a JVM of its own takes a large upload (50,000 lines of about 4 KB) and serves the download of its output,
 * and its heap after each collection is read from its GC log.
 */
public final class BatchScenario implements Scenario {

    private static final double TARGET_RATIO = 0.8;
    private static final double TARGET_P99_FACTOR = 2.0;
    private static final long TARGET_HEAP_BYTES = 256L * 1024 * 1024;
    private static final int GATEWAY_HEAP_MIB = 512;
    private static final Duration BATCH_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration AFTER_A_PAUSE = Duration.ofMillis(100);

    private final ScenarioContext context;

    public BatchScenario(ScenarioContext context) {
        this.context = context;
    }

    @Override
    public String id() {
        return "batch";
    }

    @Override
    public ScenarioResult run() throws Exception {
        if (context.figures().get(RunFigures.END_TO_END_JOBS_PER_SECOND).isEmpty()) {
            context.progress().accept("batch: measuring the end-to-end baseline first");
            new EndToEndScenario(context).run();
        }
        double e2e = context.figures().get(RunFigures.END_TO_END_JOBS_PER_SECOND).orElse(0);
        CpuMonitor.Window window = context.env().cpu().open();
        Throughput throughput = throughputAndIsolation();
        context.settle();
        Heap heap = heapOfALargeUpload();
        return result(e2e, throughput, heap, window.usage());
    }

    /** What the first part measured. */
    private record Throughput(int lines, double linesPerSecond, LoadResult idle, int spinners, LoadResult spinning,
            LoadResult during, double idleP99, double spinningP99, double duringP99, CpuMonitor.Usage spinningCpu,
            CpuMonitor.Usage duringCpu, SlowestJobs idleSlowest, SlowestJobs spinningSlowest,
            SlowestJobs duringSlowest, long unfinished) {
    }

    /**
     * A step's slowest 1 % of jobs: where their time went, on average, and the JVM's collections while the step ran,
     * with how many of those jobs were in flight during one or submitted at most {@link #AFTER_A_PAUSE} after one
     * ended. Their time splits into the submit (intended send → answer), the worker (answer → the worker sending the
     * {@code completed} event, by the event's timestamp) and the event's delivery (sent → read by the watcher).
     */
    private record SlowestJobs(int slowest, double submitMillis, double workerMillis, double deliveryMillis,
            int pauses, double longestPauseMillis, int slowestNearAPause) {

        static SlowestJobs of(SubmittedJobs jobs, JobEventsWatcher watcher, GcPauses gc) {
            record Span(long intended, long accepted, JobEventsWatcher.Terminal done) {
                long total() {
                    return done.nanos() - intended;
                }
            }
            List<Span> spans = new ArrayList<>();
            jobs.intendedNanosById().forEach((id, intended) -> watcher.terminal(id)
                    .ifPresent(done -> spans.add(new Span(intended, jobs.acceptedNanos(id), done))));
            if (spans.isEmpty()) {
                return new SlowestJobs(0, 0, 0, 0, 0, 0, 0);
            }
            long from = spans.stream().mapToLong(Span::intended).min().orElseThrow();
            long to = spans.stream().mapToLong(span -> span.done().nanos()).max().orElseThrow();
            List<GcPauses.Pause> pauses = gc.between(from - AFTER_A_PAUSE.toNanos(), to);
            spans.sort(Comparator.comparingLong(Span::total).reversed());
            List<Span> slowest = spans.subList(0, (int) Math.ceil(spans.size() / 100.0));
            int near = (int) slowest.stream()
                    .filter(span -> pauses.stream().anyMatch(pause -> pause.touches(span.intended(),
                            span.done().nanos(), AFTER_A_PAUSE.toNanos())))
                    .count();
            double longest = pauses.stream().mapToDouble(GcPauses.Pause::millis).max().orElse(0);
            return new SlowestJobs(slowest.size(),
                    meanMillis(slowest, span -> span.accepted() - span.intended()),
                    meanMillis(slowest, span -> span.done().sentNanos() - span.accepted()),
                    meanMillis(slowest, span -> span.done().nanos() - span.done().sentNanos()),
                    (int) pauses.stream().filter(pause -> pause.startNanos() >= from).count(), longest, near);
        }

        private static <T> double meanMillis(List<T> spans, ToLongFunction<T> nanos) {
            return spans.stream().mapToLong(nanos).average().orElse(0) / 1e6;
        }

        String describe() {
            String split = String.format(Locale.ROOT, "its %d slowest: submit %.1f + worker %.1f + event delivery "
                    + "%.1f ms (means)", slowest, submitMillis, workerMillis, deliveryMillis);
            if (pauses == 0 && slowestNearAPause == 0) {
                return split + "; no GC pause";
            }
            return split + String.format(Locale.ROOT, "; %d GC %s (longest %.0f ms), met by %d of them", pauses,
                    pauses == 1 ? "pause" : "pauses", longestPauseMillis, slowestNearAPause);
        }
    }

    /** What the second part measured. */
    private record Heap(long uploadBytes, long peakUploadBytes, long peakDownloadBytes, long outputBytes,
            long outputLines, double uploadSeconds, double downloadSeconds) {
    }

    private Throughput throughputAndIsolation() throws Exception {
        int lines = context.options().batchLines();
        Map<String, String> environment = context.env().nodes().environment("batch",
                context.env().instantMock().baseUrl());
        Path input = BatchHttp.writeInput(context.env().dataDir().resolve("batch-small.jsonl"), lines, 150);
        OptionalInt apart = context.options().batchWorkerNice();
        Map<String, String> nodeEnvironment = apart.isPresent() ? withLanes(environment, "interactive") : environment;
        try (FerryNode node = context.env().nodes().start(nodeEnvironment, EnumSet.allOf(Role.class));
                AutoCloseable batchWorker = apart.isEmpty() ? () -> { } : WorkerProcess.start(
                        withLanes(environment, "batch"), "worker", context.options().workerHeapMiB(), List.of(),
                        context.env().dataDir().resolve("batch-lane-worker.log"), apart);
                JobEventsWatcher watcher = new JobEventsWatcher(context.env().bootstrapServers(),
                        environment.get("FERRY_JOB_EVENTS_TOPIC"));
                GcPauses gc = GcPauses.record()) {
            int port = node.httpPort().orElseThrow();
            BatchHttp batches = new BatchHttp(port);
            double rate = context.options().batchInteractiveRate();
            Duration duration = context.options().duration();
            SubmittedJobs warmUpJobs = new SubmittedJobs();
            context.generator().run(HttpTargets.submit(port, SubmitScenario.BODY, warmUpJobs), rate, duration);
            watcher.awaitTerminal(warmUpJobs.ids(), DRAIN_TIMEOUT);
            SubmittedJobs idleJobs = new SubmittedJobs();
            context.progress().accept(String.format(Locale.ROOT, "batch: interactive jobs at %.0f/s on the idle node",
                    rate));
            LoadResult idle = context.generator().run(HttpTargets.submit(port, SubmitScenario.BODY, idleJobs), rate,
                    duration);
            watcher.awaitTerminal(idleJobs.ids(), DRAIN_TIMEOUT);
            context.settle();
            int spinners = Runtime.getRuntime().availableProcessors();
            context.progress().accept(String.format(Locale.ROOT, "batch: interactive jobs at %.0f/s beside %d "
                    + "spinning threads (the floor)", rate, spinners));
            SubmittedJobs spinningJobs = new SubmittedJobs();
            LoadResult spinning;
            CpuMonitor.Usage spinningCpu;
            try (CpuSpinners busy = CpuSpinners.start(spinners)) {
                CpuMonitor.Window cpu = context.env().cpu().open();
                spinning = context.generator().run(HttpTargets.submit(port, SubmitScenario.BODY, spinningJobs), rate,
                        duration);
                spinningCpu = cpu.usage();
            }
            watcher.awaitTerminal(spinningJobs.ids(), DRAIN_TIMEOUT);
            context.settle();
            String fileId = batches.upload(input);
            context.progress().accept("batch: " + lines + " lines uploaded; creating the batch");
            long created = System.nanoTime();
            String batchId = batches.create(fileId).path("id").asText();
            SubmittedJobs duringJobs = new SubmittedJobs();
            CpuMonitor.Window duringWindow = context.env().cpu().open();
            LoadResult during = context.generator().run(HttpTargets.submit(port, SubmitScenario.BODY, duringJobs),
                    rate, duration);
            CpuMonitor.Usage duringCpu = duringWindow.usage();
            JsonNode done = batches.awaitEnd(batchId, BATCH_TIMEOUT);
            long ended = System.nanoTime();
            watcher.awaitTerminal(duringJobs.ids(), DRAIN_TIMEOUT);
            if (!done.path("status").asText().equals("completed")) {
                throw new IllegalStateException("the batch ended " + done.path("status").asText() + ": " + done);
            }
            double linesPerSecond = lines * 1e9 / (ended - created);
            double idleP99 = p99(idleJobs, watcher);
            double spinningP99 = p99(spinningJobs, watcher);
            double duringP99 = p99(duringJobs, watcher);
            context.progress().accept(String.format(Locale.ROOT, "batch: %,.0f lines/s; interactive p99 %.1f ms idle, "
                    + "%.1f ms beside spinning threads, %.1f ms during the batch", linesPerSecond, idleP99,
                    spinningP99, duringP99));
            long unfinished = Stream.of(idleJobs, spinningJobs, duringJobs)
                    .flatMap(jobs -> jobs.ids().stream())
                    .filter(id -> watcher.terminal(id).isEmpty())
                    .count();
            return new Throughput(lines, linesPerSecond, idle, spinners, spinning, during, idleP99, spinningP99,
                    duringP99, spinningCpu, duringCpu, SlowestJobs.of(idleJobs, watcher, gc),
                    SlowestJobs.of(spinningJobs, watcher, gc), SlowestJobs.of(duringJobs, watcher, gc), unfinished);
        }
    }

    /** {@code environment} with {@code FERRY_WORKER_LANES} set to {@code lanes}. */
    private static Map<String, String> withLanes(Map<String, String> environment, String lanes) {
        Map<String, String> withLanes = new HashMap<>(environment);
        withLanes.put("FERRY_WORKER_LANES", lanes);
        return withLanes;
    }

    private static double p99(SubmittedJobs jobs, JobEventsWatcher watcher) {
        Histogram latency = new Histogram(Duration.ofMinutes(10).toNanos() / 1000, 3);
        for (Map.Entry<String, Long> job : jobs.intendedNanosById().entrySet()) {
            watcher.terminal(job.getKey()).ifPresent(done -> latency.recordValue(Math.max(0,
                    Math.min(latency.getHighestTrackableValue(), (done.nanos() - job.getValue()) / 1000))));
        }
        return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(99) / 1000.0;
    }

    private Heap heapOfALargeUpload() throws Exception {
        int lines = context.options().batchLines();
        // just under the size, so that the file part stays within OpenAI's (and Ferry's default) 200 MB limit
        long wantedBytes = context.options().batchUploadMB() * 995_000L;
        int lineBytes = (int) Math.max(200, wantedBytes / lines);
        Path input = BatchHttp.writeInput(context.env().dataDir().resolve("batch-large.jsonl"), lines, lineBytes);
        long uploadBytes = Files.size(input);
        Map<String, String> environment = context.env().nodes().environment("batch-heap",
                context.env().instantMock().baseUrl());
        int port = freePort();
        environment.put("FERRY_PORT", Integer.toString(port));
        context.progress().accept(String.format(Locale.ROOT, "batch: a gateway JVM (-Xmx%dm) takes a %,d-byte upload",
                GATEWAY_HEAP_MIB, uploadBytes));
        Map<String, String> workerEnvironment = new java.util.HashMap<>(environment);
        Path workerDir = Files.createDirectories(context.env().dataDir().resolve("batch-heap-worker"));
        workerEnvironment.put("FERRY_DATA_DIR", workerDir.toString());
        workerEnvironment.put("FERRY_STATE_DIR", workerDir.resolve("state").toString());
        try (WorkerProcess gateway = WorkerProcess.start(environment, "ingress", GATEWAY_HEAP_MIB, List.of(),
                        context.env().dataDir().resolve("batch-gateway.log"));
                FerryNode worker = context.env().nodes().start(workerEnvironment, EnumSet.of(Role.WORKER))) {
            gateway.awaitUp(Duration.ofSeconds(120).toMillis());
            BatchHttp batches = new BatchHttp(port);
            Instant uploadStart = Instant.now();
            long start = System.nanoTime();
            String fileId = batches.upload(input);
            double uploadSeconds = (System.nanoTime() - start) / 1e9;
            JsonNode done = batches.awaitEnd(batches.create(fileId).path("id").asText(), BATCH_TIMEOUT);
            Thread.sleep(1500);
            Instant downloadStart = Instant.now();
            long peakUpload = gateway.maxHeapAfterGcSince(uploadStart).orElse(-1);
            if (!done.hasNonNull("output_file_id")) {
                throw new IllegalStateException("the large batch has no output file: " + done);
            }
            start = System.nanoTime();
            long[] output = batches.downloadCounting(done.path("output_file_id").asText());
            double downloadSeconds = (System.nanoTime() - start) / 1e9;
            Thread.sleep(1500);
            long peakDownload = gateway.maxHeapAfterGcSince(downloadStart).orElse(-1);
            context.progress().accept(String.format(Locale.ROOT, "batch: gateway heap after GC at most %.0f MiB during "
                    + "upload and batch, %.0f MiB during the %,d-byte download", peakUpload / 1048576.0,
                    peakDownload / 1048576.0, output[0]));
            return new Heap(uploadBytes, peakUpload, peakDownload, output[0], output[1], uploadSeconds,
                    downloadSeconds);
        }
    }

    private static String busy(CpuMonitor.Usage usage) {
        return usage == null ? "not measured" : String.format(Locale.ROOT, "%.0f %%", usage.machineBusy() * 100);
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private ScenarioResult result(double e2e, Throughput t, Heap heap, CpuMonitor.Usage cpu) {
        double ratio = e2e > 0 ? t.linesPerSecond() / e2e : 0;
        double factor = t.duringP99() / t.idleP99();
        double floorFactor = t.spinningP99() / t.idleP99();
        long peak = Math.max(heap.peakUploadBytes(), heap.peakDownloadBytes());
        List<Measurement> rows = List.of(
                new Measurement(String.format(Locale.ROOT, "batch of %,d lines, create → `completed`, lines/s",
                        t.lines()), t.linesPerSecond(), Double.NaN, Double.NaN, Double.NaN, t.lines(), 0,
                        String.format(Locale.ROOT, "%.2f× the end-to-end %,.0f jobs/s of this run", ratio, e2e)),
                Measurement.of(String.format(Locale.ROOT, "interactive async jobs, idle node, submit at %.0f/s",
                        t.idle().targetRate()), t.idle(), String.format(Locale.ROOT, "submit → completed p99 %.1f ms; "
                        + "%s", t.idleP99(), t.idleSlowest().describe())),
                Measurement.of(String.format(Locale.ROOT, "the same beside %d spinning threads (floor), submit at "
                        + "%.0f/s", t.spinners(), t.spinning().targetRate()),
                        t.spinning(), String.format(Locale.ROOT, "submit → completed p99 %.1f ms (%.2f× idle); "
                        + "machine busy %s; %s", t.spinningP99(), floorFactor, busy(t.spinningCpu()),
                        t.spinningSlowest().describe())),
                Measurement.of(String.format(Locale.ROOT, "interactive async jobs during the batch, submit at %.0f/s",
                        t.during().targetRate()), t.during(), String.format(Locale.ROOT,
                        "submit → completed p99 %.1f ms (%.2f× idle); machine busy %s; %s", t.duringP99(), factor,
                        busy(t.duringCpu()), t.duringSlowest().describe())),
                new Measurement(String.format(Locale.ROOT, "upload of %.0f MiB, bytes/s", heap.uploadBytes() / 1048576.0),
                        heap.uploadBytes() / heap.uploadSeconds(), Double.NaN, Double.NaN, Double.NaN,
                        heap.uploadBytes(), 0, String.format(Locale.ROOT, "gateway heap after GC ≤ %.0f MiB while "
                        + "uploading and running it", heap.peakUploadBytes() / 1048576.0)),
                new Measurement(String.format(Locale.ROOT, "download of its %.0f MiB output, bytes/s",
                        heap.outputBytes() / 1048576.0), heap.outputBytes() / heap.downloadSeconds(), Double.NaN,
                        Double.NaN, Double.NaN, heap.outputLines(), 0, String.format(Locale.ROOT,
                        "gateway heap after GC ≤ %.0f MiB while downloading", heap.peakDownloadBytes() / 1048576.0)));
        Section section = new Section(id(), "Batch: throughput, isolation, memory",
                "Part 1: one Ferry node with every role in the bench JVM and the zero-latency mock"
                        + context.options().batchWorkerNice().stream().mapToObj(nice -> " (but for batch lines: "
                                + "`--batch-worker-nice " + nice + "` runs them on a worker JVM of its own, "
                                + "`FERRY_WORKER_LANES=batch`, started with `nice -n " + nice + "`; the node takes "
                                + "interactive jobs only)").findFirst().orElse("") + ". Interactive async "
                        + "jobs are submitted open-loop at a fixed rate for the step duration on the idle node (after "
                        + "as many again, not measured, so that the new node is warm), then beside as many threads as "
                        + "cores that only compute (the floor: a load that shares nothing with Ferry but the CPU, "
                        + "`CpuSpinners`), then right after a batch is created; latency = `completed` event − intended "
                        + "submit; machine busy = the share of all cores in use while the jobs were submitted. Each "
                        + "step's slowest 1 % of jobs split their time into the submit (intended send → answer), the "
                        + "worker (answer → the worker sending the `completed` event, by the event's timestamp, to "
                        + "the millisecond) and the event's delivery (sent → read by a plain consumer of "
                        + "`job-events`); one of them met a GC pause if the bench JVM (every role, the broker and the "
                        + "mock are in it) stopped while it was in flight or at most " + AFTER_A_PAUSE.toMillis()
                        + " ms before it was submitted. "
                        + "Lines/s = lines / (batch `completed` seen by a 100 ms poll − create), so it includes "
                        + "validation and expansion. Part 2: a gateway (`ferry ingress`: HTTP, job store, batch "
                        + "expander) in a JVM of its own with -Xmx" + GATEWAY_HEAP_MIB + "m and a GC log, a worker "
                        + "in the bench JVM; the batch of large lines is uploaded, run, and its output downloaded; "
                        + "heap = the largest heap occupancy right after a collection in the gateway's GC log.",
                rows,
                List.of(String.format(Locale.ROOT, "%,.0f lines/s = %.2f× end to end (%,.0f jobs/s).",
                                t.linesPerSecond(), ratio, e2e),
                        String.format(Locale.ROOT, "Interactive p99 %.1f ms during the batch vs %.1f ms idle: %.2f×. "
                                + "Floor: %.1f ms beside spinning threads alone, %.2f× idle.", t.duringP99(),
                                t.idleP99(), factor, t.spinningP99(), floorFactor),
                        String.format(Locale.ROOT, "Gateway heap after GC peaked at %.0f MiB (%,d-byte upload, "
                                + "%,d-byte output).", peak / 1048576.0, heap.uploadBytes(), heap.outputBytes())),
                List.of(t.idle(), t.spinning(), t.during()), cpu);
        List<TargetCheck> targets = new ArrayList<>(List.of(
                new TargetCheck("batch lines/s ≥ 0.8 × end-to-end jobs/s", String.format(Locale.ROOT, "%.2f×", ratio),
                        ratio >= TARGET_RATIO),
                new TargetCheck("interactive p99 during a batch ≤ 2 × idle", String.format(Locale.ROOT,
                        "%.2f× (floor, spinning threads alone: %.2f×)", factor, floorFactor),
                        factor <= TARGET_P99_FACTOR && t.unfinished() == 0),
                new TargetCheck("gateway heap < 256 MiB during a 200 MB upload and its download",
                        heap.peakUploadBytes() < 0 || heap.peakDownloadBytes() < 0 ? "no collection seen"
                                : String.format(Locale.ROOT, "%.0f MiB", peak / 1048576.0),
                        heap.peakUploadBytes() >= 0 && heap.peakDownloadBytes() >= 0 && peak < TARGET_HEAP_BYTES)));
        return new ScenarioResult(section, targets);
    }

}
