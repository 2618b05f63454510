package dev.ferry.ingress.ops;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * What {@code /health/ready} asks: the named checks of what this process serves (the job store running, the broker
 * reachable, ...). Ready when every check passes.
 */
public record Readiness(List<Check> checks) {

    /** One named condition. */
    public record Check(String name, BooleanSupplier passes) {
        public Check {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(passes, "passes");
        }
    }

    public Readiness {
        checks = List.copyOf(checks);
    }

    /** Every check's result, in order. */
    public Map<String, Boolean> results() {
        Map<String, Boolean> results = new LinkedHashMap<>();
        for (Check check : checks) {
            results.put(check.name(), check.passes().getAsBoolean());
        }
        return results;
    }
}
