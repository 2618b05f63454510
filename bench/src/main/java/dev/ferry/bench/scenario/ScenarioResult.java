package dev.ferry.bench.scenario;

import dev.ferry.bench.report.Section;
import dev.ferry.bench.report.TargetCheck;
import java.util.List;

/** A scenario's section of the report and the targets it decides. */
public record ScenarioResult(Section section, List<TargetCheck> targets) {

    public ScenarioResult {
        targets = List.copyOf(targets);
    }
}
