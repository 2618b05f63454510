package dev.ferry.faultharness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * How a webhook harness run is shaped: {@code --scenarios w1,w2 --load-seconds N --rate R --down-seconds N}.
 *
 * @param load how long w1 submits jobs (the kill comes half way)
 * @param receiverLatency how long w1's receiver takes per delivery, so deliveries are open when the kill comes
 * @param downTime how long w2's endpoint refuses connections
 * @param retryMaxDelay {@code FERRY_WEBHOOK_RETRY_MAX_DELAY_MS} of the webhooks process
 */
record WebhookHarnessOptions(
        List<WebhookScenario> scenarios,
        Duration load,
        double ratePerSecond,
        Duration receiverLatency,
        Duration downTime,
        Duration retryMaxDelay,
        Duration restartDelay,
        Duration livenessTimeout,
        Path workDir,
        Path report,
        String command) {

    static WebhookHarnessOptions full() {
        return new WebhookHarnessOptions(List.of(WebhookScenario.values()), Duration.ofSeconds(30), 20,
                Duration.ofMillis(300), Duration.ofSeconds(60), Duration.ofSeconds(15), Duration.ofSeconds(3),
                Duration.ofSeconds(180), Path.of("fault-harness", "target", "webhook-harness"),
                Path.of("RELIABILITY.md"), "./fault-harness.sh --webhooks");
    }

    static WebhookHarnessOptions parse(String[] args) {
        WebhookHarnessOptions o = full();
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing a value after " + args[i]);
            }
            String v = args[i + 1];
            o = switch (args[i]) {
                case "--scenarios" -> new WebhookHarnessOptions(Arrays.stream(v.split(",")).map(WebhookScenario::parse)
                        .toList(), o.load, o.ratePerSecond, o.receiverLatency, o.downTime, o.retryMaxDelay,
                        o.restartDelay, o.livenessTimeout, o.workDir, o.report, o.command);
                case "--load-seconds" -> new WebhookHarnessOptions(o.scenarios, Duration.ofSeconds(Long.parseLong(v)),
                        o.ratePerSecond, o.receiverLatency, o.downTime, o.retryMaxDelay, o.restartDelay,
                        o.livenessTimeout, o.workDir, o.report, o.command);
                case "--rate" -> new WebhookHarnessOptions(o.scenarios, o.load, Double.parseDouble(v),
                        o.receiverLatency, o.downTime, o.retryMaxDelay, o.restartDelay, o.livenessTimeout, o.workDir,
                        o.report, o.command);
                case "--down-seconds" -> new WebhookHarnessOptions(o.scenarios, o.load, o.ratePerSecond,
                        o.receiverLatency, Duration.ofSeconds(Long.parseLong(v)), o.retryMaxDelay, o.restartDelay,
                        o.livenessTimeout, o.workDir, o.report, o.command);
                case "--output" -> new WebhookHarnessOptions(o.scenarios, o.load, o.ratePerSecond, o.receiverLatency,
                        o.downTime, o.retryMaxDelay, o.restartDelay, o.livenessTimeout, o.workDir, Path.of(v),
                        o.command);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; use --scenarios, --load-seconds, --rate, --down-seconds or --output");
            };
        }
        String command = String.join(" ", o.command, String.join(" ", args)).trim();
        return new WebhookHarnessOptions(o.scenarios, o.load, o.ratePerSecond, o.receiverLatency, o.downTime,
                o.retryMaxDelay, o.restartDelay, o.livenessTimeout, o.workDir, o.report, command);
    }
}
