package dev.ferry.faultharness;

import java.util.List;

/** The webhook scenarios' section of RELIABILITY.md. */
final class WebhookReport {

    private WebhookReport() {
    }

    static String markdown(WebhookHarnessOptions options, List<WebhookScenarioResult> results, double seconds) {
        StringBuilder md = new StringBuilder();
        md.append("## Webhook delivery under faults\n\n");
        md.append("Command: `").append(options.command()).append("` (").append(String.format("%.0f", seconds))
                .append(" s). Three Kafka nodes (replication factor 3), then per scenario the mock provider, a gateway,")
                .append(" a worker and a `webhooks` process, each its own JVM, on fresh topics; ")
                .append(String.format("%.0f", options.ratePerSecond())).append(" async jobs/s; harness receivers ")
                .append("check every Standard Webhooks signature and count, per job, the distinct `webhook-id`s. ")
                .append("Webhook retries: base delay 5 s, doubling, at most ").append(options.retryMaxDelay().toSeconds())
                .append(" s apart.\n\n");
        md.append("| Scenario | Expectation | Accepted jobs | Missing | Verdict |\n|---|---|---|---|---|\n");
        for (WebhookScenarioResult result : results) {
            md.append("| ").append(result.scenario().id()).append(": ").append(result.scenario().title()).append(" | ")
                    .append(result.scenario().expectation()).append(" | ").append(result.accepted()).append(" | ")
                    .append(result.error() == null ? Integer.toString(result.missing()) : "n/a").append(" | ")
                    .append(result.holds() ? "holds" : "FAILS" + (result.error() == null ? "" : ": " + result.error()))
                    .append(" |\n");
        }
        for (WebhookScenarioResult result : results) {
            md.append("\n### ").append(result.scenario().id()).append(": ").append(result.scenario().title())
                    .append("\n\n");
            result.facts().forEach(fact -> md.append("- ").append(fact).append('\n'));
        }
        return md.toString();
    }
}
