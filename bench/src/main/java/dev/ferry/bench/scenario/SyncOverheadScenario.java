package dev.ferry.bench.scenario;

import dev.ferry.bench.load.LoadResult;
import dev.ferry.bench.load.Target;
import dev.ferry.bench.report.Measurement;
import dev.ferry.bench.report.Section;
import dev.ferry.bench.report.TargetCheck;
import dev.ferry.bench.system.CpuMonitor;
import dev.ferry.bench.target.HttpTargets;
import dev.ferry.bench.target.JdkClientTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The latency a synchronous {@code /openai/v1/responses} call through Ferry adds over calling the zero-latency mock
 * provider's {@code /v1/responses} directly, at one fixed moderate rate. A third target calls the mock through the JDK
 * HTTP client exactly as Ferry's provider client is built, which splits the overhead into the client's share and the
 * rest. The three alternate in short rounds so that a change in background load hits them alike.
 */
public final class SyncOverheadScenario implements Scenario {

    private static final int ROUNDS = 2;
    private static final double TARGET_P50_OVERHEAD_MS = 0.3;

    private final ScenarioContext context;

    public SyncOverheadScenario(ScenarioContext context) {
        this.context = context;
    }

    @Override
    public String id() {
        return "sync";
    }

    /** How much of Ferry's overhead the provider client alone explains; the two are measured apart, so noisily. */
    private static String clientShare(double p50Client, double p50Overhead) {
        if (p50Client <= p50Overhead) {
            return String.format(Locale.ROOT, "Of the p50 overhead, %.3f ms is the JDK HTTP client's own (the same call "
                    + "made through it from the bench) and %.3f ms the rest: Ferry's HTTP server, routing, JSON and the "
                    + "hand-offs between them.", p50Client, p50Overhead - p50Client);
        }
        return String.format(Locale.ROOT, "The JDK HTTP client alone (the same call made through it from the bench) "
                + "adds %.3f ms at p50, as much as Ferry's whole overhead or more: within this run's noise, the "
                + "provider client accounts for all of it.", p50Client);
    }

    @Override
    public ScenarioResult run() throws Exception {
        double rate = context.options().syncRate();
        Target direct = HttpTargets.mockDirect(context.env().instantMock().port(), SubmitScenario.BODY);
        Target viaFerry = HttpTargets.syncViaFerry(context.ingress().port(), SubmitScenario.BODY);
        try (JdkClientTarget jdkClient = new JdkClientTarget(context.env().instantMock().port(), SubmitScenario.BODY)) {
            return measure(rate, direct, jdkClient, viaFerry);
        }
    }

    private ScenarioResult measure(double rate, Target direct, Target jdkClient, Target viaFerry) throws Exception {
        context.progress().accept(String.format(Locale.ROOT, "sync overhead at %.0f/s", rate));
        Duration warmup = context.options().warmup();
        if (!warmup.isZero()) {
            context.generator().run(direct, rate, warmup);
            context.generator().run(jdkClient, rate, warmup);
            context.generator().run(viaFerry, rate, warmup);
        }
        CpuMonitor.Window window = context.env().cpu().open();
        Duration round = Duration.ofMillis(Math.max(500, context.options().duration().toMillis() / ROUNDS));
        List<LoadResult> directRuns = new ArrayList<>();
        List<LoadResult> clientRuns = new ArrayList<>();
        List<LoadResult> ferryRuns = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            directRuns.add(context.generator().run(direct, rate, round));
            clientRuns.add(context.generator().run(jdkClient, rate, round));
            ferryRuns.add(context.generator().run(viaFerry, rate, round));
        }
        LoadResult directAll = LoadResult.merge(directRuns);
        LoadResult clientAll = LoadResult.merge(clientRuns);
        LoadResult ferryAll = LoadResult.merge(ferryRuns);
        double p50Overhead = ferryAll.p50Ms() - directAll.p50Ms();
        double p99Overhead = ferryAll.p99Ms() - directAll.p99Ms();
        double p50Client = clientAll.p50Ms() - directAll.p50Ms();
        context.progress().accept(String.format(Locale.ROOT,
                "  direct p50 %.3f p99 %.3f; JDK client p50 %.3f p99 %.3f; via Ferry p50 %.3f p99 %.3f",
                directAll.p50Ms(), directAll.p99Ms(), clientAll.p50Ms(), clientAll.p99Ms(), ferryAll.p50Ms(),
                ferryAll.p99Ms()));
        List<LoadResult> steps = new ArrayList<>(directRuns);
        steps.addAll(clientRuns);
        steps.addAll(ferryRuns);
        Section section = new Section(id(), "Sync overhead",
                String.format(Locale.ROOT, "`POST /openai/v1/responses` (no async headers, model `mock/echo`) through "
                        + "the ingress node, and the same body sent to the zero-latency mock's `/v1/responses` "
                        + "directly (the bench's minimal blocking client) and through the JDK HTTP client built as "
                        + "Ferry builds its provider client, each at %.0f requests/s open-loop, alternating in %d "
                        + "rounds.", rate, ROUNDS),
                List.of(Measurement.of("mock provider directly", directAll, "baseline"),
                        Measurement.of("mock provider through Ferry's JDK HTTP client", clientAll,
                                String.format(Locale.ROOT, "+%.3f ms p50", p50Client)),
                        Measurement.of("through Ferry (sync)", ferryAll, String.format(Locale.ROOT,
                                "+%.3f ms p50, +%.3f ms p99", p50Overhead, p99Overhead))),
                List.of(String.format(Locale.ROOT, "Ferry adds %.3f ms at p50 and %.3f ms at p99.", p50Overhead,
                        p99Overhead),
                        clientShare(p50Client, p50Overhead)),
                steps, window.usage());
        TargetCheck check = new TargetCheck("sync p50 overhead ≤ 0.3 ms",
                String.format(Locale.ROOT, "%.3f ms (%.3f vs %.3f ms)", p50Overhead, ferryAll.p50Ms(),
                        directAll.p50Ms()),
                p50Overhead <= TARGET_P50_OVERHEAD_MS);
        return new ScenarioResult(section, List.of(check));
    }
}
