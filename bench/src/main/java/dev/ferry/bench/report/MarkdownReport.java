package dev.ferry.bench.report;

import dev.ferry.bench.load.LoadResult;
import dev.ferry.bench.system.CpuMonitor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Renders a {@link Report} as Markdown and writes it between two marker lines of {@code BENCHMARKS.md}, leaving the
 * hand-written text around them alone.
 */
public final class MarkdownReport {

    public static final String BEGIN = "<!-- BEGIN GENERATED: ./bench.sh rewrites everything up to the END marker -->";
    public static final String END = "<!-- END GENERATED -->";
    /** Where the latency plots go, relative to the Markdown file. */
    static final String PLOTS = "bench/plots";

    /** Above this share of the machine going to other processes, a run is flagged as noisy. */
    private static final double NOISY_SHARE = 0.15;
    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    public String render(Report report) {
        StringBuilder md = new StringBuilder();
        md.append("## Results\n\n");
        md.append("Generated ").append(WHEN.format(report.startedAt())).append(" by `").append(report.command())
                .append("` in ").append(report.runSeconds()).append(" s.\n\n");
        if (report.cpu() != null && report.cpu().others() > NOISY_SHARE) {
            md.append(String.format(Locale.ROOT, "**Measured on a busy machine:** %.0f %% of all CPU time during the "
                    + "run went to other processes, so these figures are lower and noisier than the code allows; "
                    + "rerun when `uptime` shows a load well under 1.%n%n", report.cpu().others() * 100));
        }
        machine(md, report);
        targets(md, report);
        for (Section section : report.sections()) {
            section(md, section);
        }
        return md.toString();
    }

    private void machine(StringBuilder md, Report report) {
        MachineInfo machine = report.machine();
        md.append("| machine | |\n|---|---|\n");
        row(md, "cores (nproc)", Integer.toString(machine.cores()));
        row(md, "memory", machine.memory());
        row(md, "CPU", machine.cpuModel());
        row(md, "JDK", machine.jdk());
        row(md, "OS", machine.os());
        row(md, "load average before / after (1, 5, 15 min)", report.loadBefore() + " / " + report.loadAfter());
        if (report.cpu() != null) {
            row(md, "CPU over the run: machine busy / bench JVM / everything else",
                    cpu(report.cpu()));
        }
        md.append('\n');
    }

    private void targets(StringBuilder md, Report report) {
        if (report.targets().isEmpty()) {
            return;
        }
        md.append("### Targets\n\n| target | measured | holds |\n|---|---|---|\n");
        for (TargetCheck check : report.targets()) {
            md.append("| ").append(check.target()).append(" | ").append(check.measured()).append(" | ")
                    .append(check.holds() ? "yes" : "**no**").append(" |\n");
        }
        md.append('\n');
    }

    private void section(StringBuilder md, Section section) {
        md.append("### ").append(section.title()).append("\n\n").append(section.method()).append("\n\n");
        md.append("| measurement | rate /s | p50 ms | p99 ms | CPU µs/req | count | errors | notes |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (Measurement m : section.measurements()) {
            md.append("| ").append(m.label())
                    .append(" | ").append(String.format(Locale.ROOT, "%,.0f", m.ratePerSecond()))
                    .append(" | ").append(ms(m.p50Ms()))
                    .append(" | ").append(ms(m.p99Ms()))
                    .append(" | ").append(micros(m.cpuMicrosPerRequest()))
                    .append(" | ").append(String.format(Locale.ROOT, "%,d", m.count()))
                    .append(" | ").append(m.errors())
                    .append(" | ").append(m.note() == null ? "" : m.note())
                    .append(" |\n");
        }
        md.append('\n');
        if (!section.curves().isEmpty()) {
            md.append("![").append(section.title()).append(": latency percentiles](").append(PLOTS).append('/')
                    .append(section.id()).append(".svg)\n\n");
        }
        for (String finding : section.findings()) {
            md.append("- ").append(finding).append('\n');
        }
        if (section.cpu() != null) {
            md.append("- CPU meanwhile (machine busy / bench JVM / everything else): ").append(cpu(section.cpu()))
                    .append('\n');
        }
        md.append('\n');
        if (!section.steps().isEmpty()) {
            md.append("<details><summary>every load run</summary>\n\n");
            md.append("| target | offered /s | achieved /s | p50 ms | p99 ms | max ms | CPU µs/req | JIT µs/req | ok "
                    + "| errors | missed |\n");
            md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (LoadResult step : section.steps()) {
                md.append("| ").append(step.target())
                        .append(" | ").append(String.format(Locale.ROOT, "%,.0f", step.targetRate()))
                        .append(" | ").append(String.format(Locale.ROOT, "%,.0f", step.achievedRate()))
                        .append(" | ").append(ms(step.p50Ms()))
                        .append(" | ").append(ms(step.p99Ms()))
                        .append(" | ").append(ms(step.maxMs()))
                        .append(" | ").append(micros(step.cpuMicrosPerRequest()))
                        .append(" | ").append(micros(step.compilingMicrosPerRequest()))
                        .append(" | ").append(step.succeeded())
                        .append(" | ").append(step.errors())
                        .append(" | ").append(step.missed())
                        .append(" |\n");
            }
            md.append("\n</details>\n\n");
        }
    }

    private static void row(StringBuilder md, String name, String value) {
        md.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }

    private static String cpu(CpuMonitor.Usage usage) {
        return String.format(Locale.ROOT, "%.0f %% / %.0f %% / %.0f %%",
                usage.machineBusy() * 100, usage.thisJvm() * 100, usage.others() * 100);
    }

    public static String micros(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%,.0f", value);
    }

    static String ms(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        return value < 10 ? String.format(Locale.ROOT, "%.2f", value) : String.format(Locale.ROOT, "%,.1f", value);
    }

    /**
     * Replaces the generated part of {@code file} (creating the file or the markers if missing), and writes each
     * section's latency plot next to it, under {@value #PLOTS}.
     */
    public void write(Path file, Report report) throws IOException {
        Path plots = file.toAbsolutePath().getParent().resolve(PLOTS);
        Files.createDirectories(plots);
        for (Section section : report.sections()) {
            if (!section.curves().isEmpty()) {
                Files.writeString(plots.resolve(section.id() + ".svg"),
                        PercentilePlot.svg(section.title() + ": latency percentiles", section.curves()),
                        StandardCharsets.UTF_8);
            }
        }
        String generated = BEGIN + "\n\n" + render(report) + END + "\n";
        String existing = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        int begin = existing.indexOf(BEGIN);
        int end = existing.indexOf(END);
        String updated;
        if (begin >= 0 && end > begin) {
            String after = existing.substring(end + END.length()).stripLeading();
            updated = existing.substring(0, begin) + generated + (after.isEmpty() ? "" : "\n" + after);
        } else {
            updated = existing + (existing.isEmpty() || existing.endsWith("\n\n") ? "" : "\n") + generated;
        }
        Files.writeString(file, updated, StandardCharsets.UTF_8);
    }
}
