package dev.ferry.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.bench.report.MarkdownReport;
import dev.ferry.bench.report.Measurement;
import dev.ferry.bench.report.Report;
import dev.ferry.bench.report.Section;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every scenario for about a second at a low rate and checks only that each completed and reported numbers. It
 * asserts nothing about speed: the figures come from {@code ./bench.sh}, on a quiet machine.
 */
class BenchSmokeIT {

    @Test
    @Timeout(value = 240)
    void shouldRunEveryScenarioAndReportItsNumbers(@TempDir Path dir) throws Exception {
        List<String> progress = new ArrayList<>();
        Report report = new BenchMain(BenchOptions.smoke(), line -> {
            progress.add(line);
            System.out.println("[bench smoke] " + line);
        }).run("BenchSmokeIT");

        assertEquals(BenchOptions.SCENARIOS, report.sections().stream().map(Section::id).toList(),
                "a section per scenario, in order");
        for (Section section : report.sections()) {
            assertFalse(section.measurements().isEmpty(), section.id() + " reported rows: " + section.method());
            for (Measurement row : section.measurements()) {
                assertTrue(row.count() > 0, section.id() + " / " + row.label() + " counted something");
                assertTrue(row.ratePerSecond() > 0, section.id() + " / " + row.label() + " has a rate");
            }
        }
        assertEquals(12, report.targets().size(), "every target is reported, held or not");

        Path benchmarks = dir.resolve("BENCHMARKS.md");
        Files.writeString(benchmarks, "# Benchmarks\n\nhand-written text\n");
        new MarkdownReport().write(benchmarks, report);
        new MarkdownReport().write(benchmarks, report);
        String markdown = Files.readString(benchmarks, StandardCharsets.UTF_8);
        assertTrue(markdown.startsWith("# Benchmarks\n\nhand-written text\n"), "the hand-written part is kept");
        assertEquals(1, markdown.split(MarkdownReport.BEGIN, -1).length - 1, "one generated section after two writes");
        for (String title : List.of("Async submit", "Poll", "Sync overhead", "End to end", "Webhook delivery",
                "Calls in flight", "Cost of metrics", "Batch")) {
            assertTrue(markdown.contains("### " + title), "the report has a section " + title);
        }
    }
}
