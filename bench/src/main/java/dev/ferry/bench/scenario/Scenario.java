package dev.ferry.bench.scenario;

/** One question the benchmark answers, measured beside its baseline in the same run. */
public interface Scenario {

    /** A short id, as {@code --only} takes it. */
    String id();

    ScenarioResult run() throws Exception;
}
