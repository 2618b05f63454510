package dev.ferry.bench.scenario;

import dev.ferry.bench.load.LoadResult;
import dev.ferry.bench.load.ProcessCpu;
import dev.ferry.bench.load.SteadyWarmUp;
import dev.ferry.bench.load.Target;
import dev.ferry.bench.report.Measurement;
import dev.ferry.bench.report.Section;
import dev.ferry.bench.report.TargetCheck;
import dev.ferry.bench.system.CpuMonitor;
import dev.ferry.bench.system.SyncProxyFloorServer;
import dev.ferry.bench.target.HttpTargets;
import dev.ferry.bench.target.JdkClientTarget;
import dev.ferry.bench.target.ProviderClientTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The latency a synchronous {@code /openai/v1/responses} call through Ferry adds over calling the zero-latency mock
 * provider's {@code /v1/responses} directly, at one fixed moderate rate. Two more targets call the mock through
 * Ferry's provider client (Jetty's, as a node builds it) and through the JDK HTTP client Ferry used before, which
 * splits the overhead into the client's share and the rest and measures the change of client as an A/B pair. A fifth
 * target is the floor: the same create through the smallest proxy that passes it on with Ferry's provider client
 * ({@link SyncProxyFloorServer}), the overhead no gateway on this machine can go below. The five alternate in short
 * rounds so that a change in background load hits them alike.
 */
public final class SyncOverheadScenario implements Scenario {

    private static final int ROUNDS = 2;
    /** The warm-up runs at least this fast, so that the code under test reaches its compilers' thresholds soon. */
    private static final double MIN_WARMUP_RATE = 1000;
    private static final Duration MAX_WARMUP = Duration.ofSeconds(120);
    private static final double TARGET_P50_OVERHEAD_MS = 0.3;

    private final ScenarioContext context;

    public SyncOverheadScenario(ScenarioContext context) {
        this.context = context;
    }

    @Override
    public String id() {
        return "sync";
    }

    /** How much of Ferry's overhead its provider client alone explains; the two are measured apart, so noisily. */
    private static String clientShare(double p50Client, double p50Overhead) {
        if (p50Client <= p50Overhead) {
            return String.format(Locale.ROOT, "Of the p50 overhead, %.3f ms is Ferry's provider client's own (the same "
                    + "call made through it from the bench) and %.3f ms the rest: Ferry's HTTP server, routing, JSON "
                    + "and the hand-offs between them.", p50Client, p50Overhead - p50Client);
        }
        return String.format(Locale.ROOT, "Ferry's provider client alone (the same call made through it from the "
                + "bench) adds %.3f ms at p50, as much as Ferry's whole overhead or more: within this run's noise, "
                + "the provider client accounts for all of it.", p50Client);
    }

    @Override
    public ScenarioResult run() throws Exception {
        int mockPort = context.env().instantMock().port();
        Target direct = HttpTargets.mockDirect(mockPort, SubmitScenario.BODY);
        Target viaFerry = HttpTargets.syncViaFerry(context.ingress().port(), SubmitScenario.BODY);
        try (ProviderClientTarget providerClient = new ProviderClientTarget(mockPort, SubmitScenario.BODY);
                JdkClientTarget jdkClient = new JdkClientTarget(mockPort, SubmitScenario.BODY);
                SyncProxyFloorServer floor = SyncProxyFloorServer.start(mockPort)) {
            Target viaFloor = HttpTargets.syncViaFerry(floor.port(), SubmitScenario.BODY).named("sync-proxy-floor");
            return measure(context.options().syncRate(),
                    List.of(direct, providerClient, jdkClient, viaFloor, viaFerry));
        }
    }

    /**
     * Every target in turn, in rounds, until the bench JVM's compilers are nearly done: at 500 requests/s a fixed
     * warm-up of a few seconds left them taking more CPU than the calls in the measured rounds (up to 584 µs per call),
     * so that p50 measured the compiling, and more of it for the target with the most code.
     */
    private SteadyWarmUp.Outcome warmUp(double rate, List<Target> targets) throws Exception {
        Duration warmup = context.options().warmup();
        if (warmup.isZero()) {
            return SteadyWarmUp.Outcome.NONE;
        }
        return new SteadyWarmUp(new ProcessCpu(), SteadyWarmUp.STEADY_COMPILING_SHARE, MAX_WARMUP,
                context.progress()).run("sync", () -> {
                    long calls = 0;
                    for (Target target : targets) {
                        calls += context.generator().run(target, warmUpRate(rate), warmup).succeeded();
                    }
                    return Math.toIntExact(calls);
                });
    }

    private static double warmUpRate(double rate) {
        return Math.max(rate, MIN_WARMUP_RATE);
    }

    /**
     * {@code targets}: the mock directly, through the provider client, through the JDK client, through the floor proxy,
     * through Ferry.
     */
    private ScenarioResult measure(double rate, List<Target> targets) throws Exception {
        context.progress().accept(String.format(Locale.ROOT, "sync overhead at %.0f/s", rate));
        SteadyWarmUp.Outcome warmUp = warmUp(rate, targets);
        CpuMonitor.Window window = context.env().cpu().open();
        Duration round = Duration.ofMillis(Math.max(500, context.options().duration().toMillis() / ROUNDS));
        List<List<LoadResult>> runs = targets.stream().map(target -> (List<LoadResult>) new ArrayList<LoadResult>())
                .toList();
        for (int i = 0; i < ROUNDS; i++) {
            for (int t = 0; t < targets.size(); t++) {
                runs.get(t).add(context.generator().run(targets.get(t), rate, round));
            }
        }
        List<LoadResult> all = runs.stream().map(LoadResult::merge).toList();
        LoadResult directAll = all.get(0);
        LoadResult providerClientAll = all.get(1);
        LoadResult jdkClientAll = all.get(2);
        LoadResult floorAll = all.get(3);
        LoadResult ferryAll = all.get(4);
        double p50Overhead = ferryAll.p50Ms() - directAll.p50Ms();
        double p50Floor = floorAll.p50Ms() - directAll.p50Ms();
        double p99Overhead = ferryAll.p99Ms() - directAll.p99Ms();
        double p50ProviderClient = providerClientAll.p50Ms() - directAll.p50Ms();
        double p50JdkClient = jdkClientAll.p50Ms() - directAll.p50Ms();
        context.progress().accept(String.format(Locale.ROOT,
                "  direct p50 %.3f; provider client p50 %.3f; JDK client p50 %.3f; floor proxy p50 %.3f; "
                        + "via Ferry p50 %.3f p99 %.3f",
                directAll.p50Ms(), providerClientAll.p50Ms(), jdkClientAll.p50Ms(), floorAll.p50Ms(),
                ferryAll.p50Ms(), ferryAll.p99Ms()));
        List<LoadResult> steps = runs.stream().flatMap(List::stream).toList();
        Section section = new Section(id(), "Sync overhead",
                String.format(Locale.ROOT, "`POST /openai/v1/responses` (no async headers, model `mock/echo`) through "
                        + "the ingress node, and the same body sent to the zero-latency mock's `/v1/responses` "
                        + "directly (the bench's minimal blocking client), through Ferry's provider client (Jetty's "
                        + "`HttpClient`, as a node builds it) and through the JDK HTTP client Ferry used before it; "
                        + "and the floor: the same create through the smallest Javalin proxy that passes the body "
                        + "unread to the mock with Ferry's provider client (`SyncProxyFloorServer`). Each at %.0f "
                        + "requests/s open-loop, alternating in %d rounds.", rate, ROUNDS),
                List.of(Measurement.of("mock provider directly", directAll, "baseline"),
                        Measurement.of("mock provider through Ferry's provider client (Jetty)", providerClientAll,
                                String.format(Locale.ROOT, "+%.3f ms p50", p50ProviderClient)),
                        Measurement.of("mock provider through the JDK HTTP client", jdkClientAll,
                                String.format(Locale.ROOT, "+%.3f ms p50", p50JdkClient)),
                        Measurement.of("floor: a bare proxy with Ferry's provider client", floorAll,
                                String.format(Locale.ROOT, "+%.3f ms p50", p50Floor)),
                        Measurement.of("through Ferry (sync)", ferryAll, String.format(Locale.ROOT,
                                "+%.3f ms p50, +%.3f ms p99", p50Overhead, p99Overhead))),
                List.of(String.format(Locale.ROOT, "Ferry adds %.3f ms at p50 and %.3f ms at p99.", p50Overhead,
                        p99Overhead),
                        clientShare(p50ProviderClient, p50Overhead),
                        String.format(Locale.ROOT, "The floor, a proxy that does nothing but pass the call on, adds "
                                + "%.3f ms at p50; Ferry's own work (parsing, validating and routing the request) is "
                                + "the other %.3f ms.", p50Floor, p50Overhead - p50Floor),
                        String.format(Locale.ROOT, "Jetty's client adds %.3f ms at p50 where the JDK's adds %.3f ms "
                                + "(same run, same rounds).", p50ProviderClient, p50JdkClient),
                        String.format(Locale.ROOT, "Warm-up, every target in turn at %.0f/s: %s.",
                                warmUpRate(rate), warmUp.describe("calls"))),
                steps, window.usage());
        TargetCheck check = new TargetCheck("sync p50 overhead ≤ 0.3 ms",
                String.format(Locale.ROOT, "%.3f ms (%.3f vs %.3f ms; floor, a bare proxy: %.3f ms)", p50Overhead,
                        ferryAll.p50Ms(), directAll.p50Ms(), p50Floor),
                p50Overhead <= TARGET_P50_OVERHEAD_MS);
        return new ScenarioResult(section, List.of(check));
    }
}
