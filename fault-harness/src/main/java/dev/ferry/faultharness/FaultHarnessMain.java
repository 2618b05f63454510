package dev.ferry.faultharness;

import java.nio.file.Path;

/**
 * {@code ./fault-harness.sh [--scenarios a,b,c] [--load-seconds N] [--rate R] [--work-dir DIR] [--output FILE]}:
 * runs the scenarios and writes the report. Exits 0 when every invariant held, 1 when one failed, 2 on bad options.
 */
public final class FaultHarnessMain {

    /** The process-kill scenarios' part of the report; the webhook and batch harnesses write sections of their own. */
    static final ReportSection SECTION = new ReportSection("process-kill-scenarios");

    private FaultHarnessMain() {
    }

    public static void main(String[] args) throws Exception {
        HarnessOptions options;
        try {
            options = HarnessOptions.parse(args, HarnessOptions.full(Path.of("fault-harness", "target", "fault-harness")));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        ReliabilityReport report = new FaultHarness(options, System.getProperty("java.class.path"), System.out).run();
        String markdown = report.markdown();
        if (options.report().isPresent()) {
            SECTION.writeInto(options.report().get(), markdown);
            System.out.println("[fault-harness] wrote " + options.report().get().toAbsolutePath());
        } else {
            System.out.println(markdown);
        }
        System.exit(report.allHold() ? 0 : 1);
    }
}
