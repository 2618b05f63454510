package dev.ferry.bench.scenario;

import dev.ferry.bench.BenchOptions;
import dev.ferry.bench.load.LoadGenerator;
import dev.ferry.bench.load.ThroughputComparison;
import dev.ferry.bench.system.BenchEnvironment;
import java.util.function.Consumer;

/**
 * What the scenarios of one run share: the environment, the options, the load generator and the throughput
 * comparison built on it, where progress goes, and the ingress node the HTTP scenarios load.
 */
public record ScenarioContext(
        BenchEnvironment env,
        BenchOptions options,
        LoadGenerator generator,
        ThroughputComparison comparison,
        Consumer<String> progress,
        SharedIngress ingress,
        RunFigures figures) {

    public static ScenarioContext create(BenchEnvironment env, BenchOptions options, Consumer<String> progress) {
        LoadGenerator generator = new LoadGenerator(options.connections());
        return new ScenarioContext(env, options, generator,
                new ThroughputComparison(generator, options.comparisonSettings(), progress,
                        () -> env.cpu().awaitQuiet(0.15, Math.min(5000, options.settleTimeout().toMillis()))),
                progress,
                env.remember(new SharedIngress(env)),
                new RunFigures());
    }

    /** Waits (up to the configured settle timeout) until this JVM is nearly idle again, e.g. a store caught up. */
    public void settle() throws InterruptedException {
        env.cpu().awaitQuiet(0.15, options.settleTimeout().toMillis());
    }
}
