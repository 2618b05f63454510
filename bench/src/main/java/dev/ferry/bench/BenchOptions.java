package dev.ferry.bench;

import dev.ferry.bench.load.ThroughputComparison;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The knobs of a run. {@link #defaults()} is what {@code ./bench.sh} uses; {@link #smoke()} is a few-second run for CI.
 *
 * @param duration how long each measured load run lasts
 * @param warmup how long each target is warmed up first
 * @param connections load-generator threads, each with its own connection
 * @param saturationRate the offered rate of throughput rounds: far above what any target takes
 * @param latencyRate the offered rate at which each target's latency is measured
 * @param rounds interleaved throughput rounds per target; the median counts
 * @param pollJobs jobs submitted before the poll scenario, which polls them in turn
 * @param syncRate the fixed rate of the sync-overhead comparison
 * @param endToEndRate the fixed offered submit rate of the end-to-end scenario
 * @param inFlightJobs jobs queued before the in-flight scenario's worker starts
 * @param inFlightCap the worker's {@code FERRY_WORKER_MAX_IN_FLIGHT} in that scenario
 * @param inFlightLatency the slow provider's latency in that scenario
 * @param workerHeapMiB the worker JVM's {@code -Xmx} in that scenario
 * @param workerJvmArgs extra JVM options of that worker JVM, e.g. to record it with JFR
 * @param heapHistogram print the worker's live-object histogram with each heap sample (diagnosis only)
 * @param settleTimeout the longest wait between phases for this JVM to go nearly idle (a store catching up)
 * @param batchLines lines of the batch scenario's batch
 * @param batchUploadMB size of the batch scenario's large upload in MB (10^6 bytes; its output is downloaded too)
 * @param batchInteractiveRate async jobs per second submitted beside the batch, and alone for the baseline
 * @param batchWorkerNice if set, the batch scenario runs batch lines on a worker JVM of its own started with this
 *     {@code nice} (its node then takes only interactive jobs): the deployment that keeps batches apart, on one machine
 * @param only scenario ids to run; empty runs all
 * @param output the BENCHMARKS.md to update, if any
 */
public record BenchOptions(
        Duration duration,
        Duration warmup,
        int connections,
        double saturationRate,
        double latencyRate,
        int rounds,
        int pollJobs,
        double syncRate,
        double endToEndRate,
        int inFlightJobs,
        int inFlightCap,
        Duration inFlightLatency,
        int workerHeapMiB,
        List<String> workerJvmArgs,
        boolean heapHistogram,
        Duration settleTimeout,
        int batchLines,
        int batchUploadMB,
        double batchInteractiveRate,
        OptionalInt batchWorkerNice,
        Set<String> only,
        Optional<Path> output) {

    public static final List<String> SCENARIOS = List.of("submit", "poll", "sync", "e2e", "webhooks", "inflight",
            "stream", "metrics", "store-reads", "batch");

    public BenchOptions {
        workerJvmArgs = List.copyOf(workerJvmArgs);
        only = Set.copyOf(only);
        for (String id : only) {
            if (!SCENARIOS.contains(id)) {
                throw new IllegalArgumentException("unknown scenario '" + id + "'; use " + String.join(", ", SCENARIOS));
            }
        }
    }

    public static BenchOptions defaults() {
        return new BenchOptions(Duration.ofSeconds(5), Duration.ofSeconds(5), 64, 50_000, 500, 3, 1000, 500, 6000,
                8000, 10_000, Duration.ofSeconds(1), 512, List.of(), false, Duration.ofSeconds(30), 50_000, 200, 100,
                OptionalInt.empty(), Set.of(), Optional.empty());
    }

    /** Every scenario for about a second at a low rate: proves the harness runs, measures nothing. */
    public static BenchOptions smoke() {
        return new BenchOptions(Duration.ofSeconds(1), Duration.ZERO, 4, 50, 20, 1, 20, 50, 100,
                150, 10_000, Duration.ofMillis(200), 256, List.of(), false, Duration.ZERO, 300, 2, 20,
                OptionalInt.empty(), Set.of(), Optional.empty());
    }

    public boolean runs(String scenario) {
        return only.isEmpty() || only.contains(scenario);
    }

    public ThroughputComparison.Settings comparisonSettings() {
        return new ThroughputComparison.Settings(saturationRate, latencyRate, rounds, duration, warmup,
                Duration.ofMillis(duration.toMillis() >= 2000 ? 500 : 100));
    }

    /**
     * Parses {@code --name value} pairs over {@link #defaults()}, or over {@link #smoke()} with {@code --preset smoke}.
     * The warm-up follows {@code --duration} unless given itself.
     */
    public static BenchOptions parse(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
            }
            values.put(args[i].substring(2), args[++i]);
        }
        String preset = Optional.ofNullable(values.remove("preset")).orElse("full");
        if (!preset.equals("full") && !preset.equals("smoke")) {
            throw new IllegalArgumentException("--preset is full or smoke, not " + preset);
        }
        BenchOptions d = preset.equals("smoke") ? smoke() : defaults();
        String durationValue = values.remove("duration");
        Duration duration = seconds(durationValue, d.duration());
        String histogram = values.remove("heap-histogram");
        BenchOptions parsed = new BenchOptions(
                duration,
                seconds(values.remove("warmup"), durationValue == null ? d.warmup() : duration),
                integer(values.remove("connections"), d.connections()),
                number(values.remove("saturation-rate"), d.saturationRate()),
                number(values.remove("latency-rate"), d.latencyRate()),
                integer(values.remove("rounds"), d.rounds()),
                integer(values.remove("poll-jobs"), d.pollJobs()),
                number(values.remove("sync-rate"), d.syncRate()),
                number(values.remove("e2e-rate"), d.endToEndRate()),
                integer(values.remove("inflight-jobs"), d.inFlightJobs()),
                integer(values.remove("inflight-cap"), d.inFlightCap()),
                Duration.ofMillis(integer(values.remove("inflight-latency-ms"), (int) d.inFlightLatency().toMillis())),
                integer(values.remove("worker-heap-mib"), d.workerHeapMiB()),
                Optional.ofNullable(values.remove("worker-jvm-args")).map(v -> List.of(v.trim().split("\\s+")))
                        .orElse(d.workerJvmArgs()),
                histogram == null ? d.heapHistogram() : Boolean.parseBoolean(histogram),
                seconds(values.remove("settle-timeout"), d.settleTimeout()),
                integer(values.remove("batch-lines"), d.batchLines()),
                integer(values.remove("batch-upload-mb"), d.batchUploadMB()),
                number(values.remove("batch-interactive-rate"), d.batchInteractiveRate()),
                Optional.ofNullable(values.remove("batch-worker-nice")).map(v -> OptionalInt.of(Integer.parseInt(v)))
                        .orElse(d.batchWorkerNice()),
                Optional.ofNullable(values.remove("only")).map(v -> Set.of(v.split(","))).orElse(d.only()),
                Optional.ofNullable(values.remove("output")).map(Path::of));
        if (!values.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s): --" + String.join(", --", values.keySet()));
        }
        return parsed;
    }

    private static Duration seconds(String value, Duration fallback) {
        return value == null ? fallback : Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
    }

    private static int integer(String value, int fallback) {
        return value == null ? fallback : Integer.parseInt(value);
    }

    private static double number(String value, double fallback) {
        return value == null ? fallback : Double.parseDouble(value);
    }

    /** The options as a command line, for the report. */
    public String describe() {
        return String.format(Locale.ROOT,
                "--duration %s --warmup %s --connections %d --saturation-rate %.0f --latency-rate %.0f --rounds %d "
                        + "--poll-jobs %d --sync-rate %.0f --e2e-rate %.0f --inflight-jobs %d --inflight-cap %d "
                        + "--inflight-latency-ms %d --worker-heap-mib %d --settle-timeout %s --batch-lines %d "
                        + "--batch-upload-mb %d --batch-interactive-rate %.0f%s%s%s",
                duration.toMillis() / 1000.0, warmup.toMillis() / 1000.0, connections, saturationRate, latencyRate,
                rounds, pollJobs, syncRate, endToEndRate, inFlightJobs, inFlightCap, inFlightLatency.toMillis(),
                workerHeapMiB, settleTimeout.toMillis() / 1000.0, batchLines, batchUploadMB, batchInteractiveRate,
                batchWorkerNice.isEmpty() ? "" : " --batch-worker-nice " + batchWorkerNice.getAsInt(),
                workerJvmArgs.isEmpty() ? "" : " --worker-jvm-args '" + String.join(" ", workerJvmArgs) + "'",
                only.isEmpty() ? "" : " --only " + String.join(",", only));
    }
}
