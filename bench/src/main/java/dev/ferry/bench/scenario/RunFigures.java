package dev.ferry.bench.scenario;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;

/** Figures one scenario measured that a later one of the same run compares against (its same-run baseline). */
public final class RunFigures {

    /** The end-to-end scenario's jobs per second. */
    public static final String END_TO_END_JOBS_PER_SECOND = "e2e.jobs-per-second";

    private final Map<String, Double> figures = new ConcurrentHashMap<>();

    public void put(String name, double value) {
        figures.put(name, value);
    }

    public OptionalDouble get(String name) {
        Double value = figures.get(name);
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }
}
