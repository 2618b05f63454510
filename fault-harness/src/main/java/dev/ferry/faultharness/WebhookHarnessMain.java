package dev.ferry.faultharness;

import java.util.List;

/**
 * {@code ./fault-harness.sh --webhooks [--scenarios w1,w2] [--load-seconds N] [--rate R] [--down-seconds N]
 * [--output FILE]}: runs the webhook scenarios and writes their section into the report (between its markers, so the
 * rest of the file stays as it is). Exits 0 when nothing was missed, 1 otherwise, 2 on bad options.
 */
public final class WebhookHarnessMain {

    static final ReportSection SECTION = new ReportSection("webhook-scenarios");

    private WebhookHarnessMain() {
    }

    public static void main(String[] args) throws Exception {
        WebhookHarnessOptions options;
        try {
            options = WebhookHarnessOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        long started = System.nanoTime();
        List<WebhookScenarioResult> results =
                new WebhookHarness(options, System.getProperty("java.class.path"), System.out).run();
        String section = WebhookReport.markdown(options, results, (System.nanoTime() - started) / 1e9);
        SECTION.writeInto(options.report(), section);
        System.out.println(section);
        System.out.println("[webhook-harness] wrote " + options.report().toAbsolutePath());
        System.exit(results.stream().allMatch(WebhookScenarioResult::holds) ? 0 : 1);
    }
}
