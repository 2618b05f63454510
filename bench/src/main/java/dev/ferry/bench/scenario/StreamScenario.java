package dev.ferry.bench.scenario;

import dev.ferry.app.FerryNode;
import dev.ferry.app.Role;
import dev.ferry.bench.report.LatencyCurve;
import dev.ferry.bench.report.Measurement;
import dev.ferry.bench.report.Section;
import dev.ferry.bench.system.CpuMonitor;
import dev.ferry.bench.system.StreamTimer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;

/**
 * The latency each streamed event gains on its way from the provider to the client: straight from the mock, through
 * Ferry's synchronous relay, and as a background response through Kafka ({@code job-streams}, the worker's producer,
 * the gateway's shared consumer). The mock stamps every event with the wall-clock microsecond it wrote it
 * ({@code stamp} directive); the client, on the same machine, subtracts it from the moment it read the event. The
 * three paths alternate stream by stream, one stream at a time, then background streams run many at once.
 */
public final class StreamScenario implements Scenario {

    private static final Duration GAP = Duration.ofMillis(20);
    private static final int CONCURRENT = 16;

    private final ScenarioContext context;

    public StreamScenario(ScenarioContext context) {
        this.context = context;
    }

    @Override
    public String id() {
        return "stream";
    }

    @Override
    public ScenarioResult run() throws Exception {
        int words = context.options().duration().toSeconds() >= 2 ? 50 : 10;
        int rounds = (int) Math.max(2, context.options().duration().toSeconds() * 2);
        String input = IntStream.rangeClosed(1, words).mapToObj(i -> "w" + i).collect(Collectors.joining(" "));
        String model = "mock/stream-gap-" + GAP.toMillis() + "+stamp";
        URI mock = context.env().instantMock().baseUrl();
        Map<String, String> environment = context.env().nodes().environment("stream", mock);
        context.progress().accept(String.format(Locale.ROOT, "stream: %d rounds of %d events, %d ms apart", rounds,
                words + 9, GAP.toMillis()));
        try (FerryNode node = context.env().nodes().start(environment, EnumSet.allOf(Role.class))) {
            String ferry = "http://127.0.0.1:" + node.httpPort().orElseThrow() + "/openai/v1/responses";
            StreamTimer direct = new StreamTimer(mock + "/responses", body(model, input, false));
            StreamTimer sync = new StreamTimer(ferry, body(model, input, false));
            StreamTimer background = new StreamTimer(ferry, body(model, input, true));
            if (!context.options().warmup().isZero()) {
                direct.run(new Histogram(3));
                sync.run(new Histogram(3));
                background.run(new Histogram(3));
            }
            CpuMonitor.Window window = context.env().cpu().open();
            Histogram directLatency = new Histogram(3);
            Histogram syncLatency = new Histogram(3);
            Histogram backgroundLatency = new Histogram(3);
            for (int i = 0; i < rounds; i++) {
                check("direct", direct.run(directLatency), words);
                check("sync", sync.run(syncLatency), words);
                check("background", background.run(backgroundLatency), words);
            }
            Histogram concurrentLatency = new Histogram(3);
            List<CompletableFuture<Void>> many = new ArrayList<>();
            for (int i = 0; i < CONCURRENT; i++) {
                many.add(CompletableFuture.runAsync(() -> check("concurrent background", background.run(concurrentLatency), words)));
            }
            many.forEach(CompletableFuture::join);
            return result(words, rounds, directLatency, syncLatency, backgroundLatency, concurrentLatency,
                    window.usage());
        }
    }

    /** A stream that lost an event is a failure of the path, not a figure. */
    private void check(String path, List<String> events, int words) {
        if (events.size() != words + 9) {
            context.progress().accept("  a " + path + " stream read " + events.size() + " of " + (words + 9)
                    + " events: " + events);
        }
    }

    private static String body(String model, String input, boolean background) {
        return "{\"model\":\"" + model + "\",\"input\":\"" + input + "\",\"stream\":true"
                + (background ? ",\"background\":true" : "") + "}";
    }

    private ScenarioResult result(int words, int rounds, Histogram direct, Histogram sync, Histogram background,
            Histogram concurrent, CpuMonitor.Usage cpu) {
        double syncAdded = ms(sync, 50) - ms(direct, 50);
        double backgroundAdded = ms(background, 50) - ms(direct, 50);
        double overSync = ms(background, 50) - ms(sync, 50);
        Section section = new Section(id(), "Streamed events",
                String.format(Locale.ROOT, "Per-event latency, from the mock writing an event (model "
                        + "`mock/stream-gap-%d+stamp`, %d events per stream) to the client reading it, on one "
                        + "machine: straight from the mock, through Ferry's synchronous relay (`stream:true`), and as "
                        + "a background response (`background:true, stream:true`: worker → `job-streams` → the "
                        + "gateway's relay). %d rounds, one stream at a time, the paths alternating; then %d "
                        + "background streams at once.", GAP.toMillis(), words + 9, rounds, CONCURRENT),
                List.of(row("mock provider directly", direct, "baseline"),
                        row("through Ferry, sync stream", sync,
                                String.format(Locale.ROOT, "+%.3f ms p50", syncAdded)),
                        row("through Ferry, background stream", background, String.format(Locale.ROOT,
                                "+%.3f ms p50 (+%.3f ms over sync)", backgroundAdded, overSync)),
                        row("background, " + CONCURRENT + " streams at once", concurrent, String.format(Locale.ROOT,
                                "+%.3f ms p50", ms(concurrent, 50) - ms(direct, 50)))),
                List.of(String.format(Locale.ROOT, "A background stream adds %.3f ms per event at p50 and %.3f ms "
                                + "at p99 over the direct stream, %.3f ms at p50 over Ferry's synchronous stream.",
                        backgroundAdded, ms(background, 99) - ms(direct, 99), overSync)),
                List.of(), cpu,
                List.of(new LatencyCurve("mock provider directly", direct),
                        new LatencyCurve("through Ferry, sync stream", sync),
                        new LatencyCurve("through Ferry, background stream", background),
                        new LatencyCurve("background, " + CONCURRENT + " streams at once", concurrent)));
        return new ScenarioResult(section, List.of());
    }

    private static Measurement row(String label, Histogram latencyMicros, String note) {
        double seconds = GAP.toMillis() / 1000.0;
        return new Measurement(label, 1 / seconds, ms(latencyMicros, 50), ms(latencyMicros, 99), Double.NaN,
                latencyMicros.getTotalCount(), 0, note);
    }

    private static double ms(Histogram micros, double percentile) {
        return micros.getTotalCount() == 0 ? Double.NaN : micros.getValueAtPercentile(percentile) / 1000.0;
    }
}
