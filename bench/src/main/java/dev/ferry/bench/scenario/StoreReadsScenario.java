package dev.ferry.bench.scenario;

import dev.ferry.bench.load.ThroughputComparison;
import dev.ferry.bench.report.Section;
import dev.ferry.bench.system.CpuMonitor;
import dev.ferry.bench.target.HttpTargets;
import java.util.List;

/**
 * What the job store's one fast path buys, as an A/B pair in one run: two ingress nodes alike but for
 * {@code FERRY_STORE_DIRECT_READS} (on: polls read active partitions through the folding processor's store handles,
 * placed by Kafka Streams once per partition; off: through Kafka Streams' interactive queries, placed per lookup), polled in interleaved rounds so that background load hits both
 * sides alike. Reported only; no target rides on it.
 */
public final class StoreReadsScenario implements Scenario {

    private final ScenarioContext context;
    private final int pollJobs;

    public StoreReadsScenario(ScenarioContext context, int pollJobs) {
        this.context = context;
        this.pollJobs = pollJobs;
    }

    @Override
    public String id() {
        return "store-reads";
    }

    @Override
    public ScenarioResult run() throws Exception {
        try (IngressPair pair = IngressPair.start(context, "FERRY_STORE_DIRECT_READS", "true", "false", pollJobs)) {
            context.progress().accept("store-reads: polls through store handles vs interactive queries, interleaved");
            CpuMonitor.Window window = context.env().cpu().open();
            List<ThroughputComparison.Measured> measured = context.comparison().run(List.of(
                    HttpTargets.poll(pair.a().port(), pair.a().jobs()).named("poll-direct-reads"),
                    HttpTargets.poll(pair.b().port(), pair.b().jobs()).named("poll-interactive-queries")));
            return result(measured, window);
        }
    }

    private ScenarioResult result(List<ThroughputComparison.Measured> measured, CpuMonitor.Window window) {
        ThroughputComparison.Measured direct = measured.get(0);
        ThroughputComparison.Measured queried = measured.get(1);
        double gain = Rows.ratio(direct.throughput(), queried.throughput());
        Section section = new Section(id(), "Store reads: the fast path vs interactive queries (A/B in one run)",
                "Two ingress nodes with their job stores, alike but for `FERRY_STORE_DIRECT_READS` (`true`: polls "
                        + "read active partitions through the store handles the folding processor registered, and ask "
                        + "Kafka Streams where a partition lives once per partition and rebalance; `false`: through "
                        + "Kafka Streams' interactive queries, asking where each job lives on every poll), polled in interleaved rounds, "
                        + "cycling through " + pollJobs + " queued jobs on each. " + Rows.method(context),
                List.of(Rows.of("poll, direct reads", direct, Rows.times(gain) + " of interactive queries"),
                        Rows.of("poll, interactive queries", queried, "baseline")),
                List.of("The fast path (store handles, placements kept) polls at " + Rows.times(gain)
                        + " the rate of interactive queries."),
                Rows.runs(measured), window.usage());
        return new ScenarioResult(section, List.of());
    }
}
