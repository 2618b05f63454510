package dev.ferry.bench.scenario;

import dev.ferry.bench.load.ThroughputComparison;
import dev.ferry.bench.report.Section;
import dev.ferry.bench.report.TargetCheck;
import dev.ferry.bench.system.CpuMonitor;
import dev.ferry.bench.target.HttpTargets;
import dev.ferry.bench.target.SubmittedJobs;
import java.util.List;

/**
 * What metrics cost on the hot paths, as an A/B pair in one run: two ingress nodes alike but for
 * {@code FERRY_METRICS_ENABLED} (on: the Prometheus registry with every meter; off: a registry that records nothing),
 * loaded with async submits and polls in interleaved rounds, so that background load hits both sides alike.
 */
public final class MetricsCostScenario implements Scenario {

    private static final double TARGET_MAX_COST = 0.05;

    private final ScenarioContext context;
    private final int pollJobs;

    public MetricsCostScenario(ScenarioContext context, int pollJobs) {
        this.context = context;
        this.pollJobs = pollJobs;
    }

    @Override
    public String id() {
        return "metrics";
    }

    @Override
    public ScenarioResult run() throws Exception {
        try (IngressPair pair = IngressPair.start(context, "FERRY_METRICS_ENABLED", "true", "false", pollJobs)) {
            context.progress().accept("metrics: submit and poll with metrics on vs off, interleaved");
            CpuMonitor.Window window = context.env().cpu().open();
            List<ThroughputComparison.Measured> measured = context.comparison().run(List.of(
                    HttpTargets.submit(pair.a().port(), SubmitScenario.BODY, new SubmittedJobs())
                            .named("submit-metrics-on"),
                    HttpTargets.submit(pair.b().port(), SubmitScenario.BODY, new SubmittedJobs())
                            .named("submit-metrics-off"),
                    HttpTargets.poll(pair.a().port(), pair.a().jobs()).named("poll-metrics-on"),
                    HttpTargets.poll(pair.b().port(), pair.b().jobs()).named("poll-metrics-off")));
            return result(measured, window);
        }
    }

    private ScenarioResult result(List<ThroughputComparison.Measured> measured, CpuMonitor.Window window) {
        ThroughputComparison.Measured submitOn = measured.get(0);
        ThroughputComparison.Measured submitOff = measured.get(1);
        ThroughputComparison.Measured pollOn = measured.get(2);
        ThroughputComparison.Measured pollOff = measured.get(3);
        double submitCost = 1 - Rows.ratio(submitOn.throughput(), submitOff.throughput());
        double pollCost = 1 - Rows.ratio(pollOn.throughput(), pollOff.throughput());
        Section section = new Section(id(), "Cost of metrics (A/B in one run)",
                "Two ingress nodes with their job stores, alike but for `FERRY_METRICS_ENABLED` (`true`: the "
                        + "Prometheus registry with Ferry's meters, the Kafka client and Streams binders and the JVM "
                        + "metrics; `false`: a registry that records nothing), loaded in interleaved rounds: async "
                        + "submits of `" + SubmitScenario.BODY + "`, then polls cycling through " + pollJobs
                        + " queued jobs on each. " + Rows.method(context),
                List.of(Rows.of("submit, metrics on", submitOn, Rows.times(1 - submitCost) + " of off"),
                        Rows.of("submit, metrics off", submitOff, "baseline"),
                        Rows.of("poll, metrics on", pollOn, Rows.times(1 - pollCost) + " of off"),
                        Rows.of("poll, metrics off", pollOff, "baseline")),
                List.of("Metrics cost " + Rows.percent(submitCost) + " of submit throughput and "
                        + Rows.percent(pollCost) + " of poll throughput (negative: the metrics side was faster, "
                        + "i.e. the difference is within the run's noise)."),
                Rows.runs(measured), window.usage());
        return new ScenarioResult(section, List.of(
                new TargetCheck("metrics cost on submit ≤ 5 %", Rows.percent(submitCost),
                        submitCost <= TARGET_MAX_COST),
                new TargetCheck("metrics cost on poll ≤ 5 %", Rows.percent(pollCost), pollCost <= TARGET_MAX_COST)));
    }
}
