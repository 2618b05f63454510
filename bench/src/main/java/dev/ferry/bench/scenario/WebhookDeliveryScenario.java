package dev.ferry.bench.scenario;

import dev.ferry.app.FerryNode;
import dev.ferry.app.Role;
import dev.ferry.bench.load.LoadResult;
import dev.ferry.bench.report.LatencyCurve;
import dev.ferry.bench.report.Measurement;
import dev.ferry.bench.report.Section;
import dev.ferry.bench.system.CpuMonitor;
import dev.ferry.bench.system.JobEventsWatcher;
import dev.ferry.bench.system.WebhookSink;
import dev.ferry.bench.target.HttpTargets;
import dev.ferry.bench.target.SubmittedJobs;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * Webhook delivery next to the end-to-end path it follows: one Ferry node with every role, webhooks included, and one
 * endpoint at a zero-latency receiver in the bench JVM. Jobs are submitted open-loop as in {@code e2e}; a plain
 * consumer of {@code job-events} notes each job's terminal event and the receiver its first delivery. Reported in
 * the same run: jobs/s end to end, the latency from terminal event to receiver (p50/p99), and deliveries/s.
 */
public final class WebhookDeliveryScenario implements Scenario {

    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(120);

    private final ScenarioContext context;

    public WebhookDeliveryScenario(ScenarioContext context) {
        this.context = context;
    }

    @Override
    public String id() {
        return "webhooks";
    }

    @Override
    public ScenarioResult run() throws Exception {
        double rate = context.options().endToEndRate();
        context.progress().accept(String.format(Locale.ROOT, "webhooks to a zero-latency receiver, offered %.0f/s",
                rate));
        try (WebhookSink sink = new WebhookSink()) {
            Map<String, String> environment = context.env().nodes().environment("webhooks",
                    context.env().instantMock().baseUrl());
            String unique = environment.get("FERRY_JOBS_TOPIC");
            environment.put("FERRY_BATCH_EVENTS_TOPIC", unique + "-batch-events");
            environment.put("FERRY_WEBHOOKS_GROUP_ID", unique + "-webhooks");
            environment.put("FERRY_WEBHOOK_RETRY_TOPIC_PREFIX", unique + "-webhook-retry");
            environment.put("FERRY_WEBHOOK_DEAD_LETTER_TOPIC", unique + "-webhooks-dlq");
            environment.put("FERRY_WEBHOOK_ENDPOINT_SINK_URL", sink.url().toString());
            environment.put("FERRY_WEBHOOK_ENDPOINT_SINK_OWNER", "anonymous");
            environment.put("FERRY_WEBHOOK_ENDPOINT_SINK_SECRET", secret());
            try (FerryNode node = context.env().nodes().start(environment, EnumSet.allOf(Role.class));
                    JobEventsWatcher watcher = new JobEventsWatcher(context.env().bootstrapServers(),
                            environment.get("FERRY_JOB_EVENTS_TOPIC"))) {
                int port = node.httpPort().orElseThrow();
                SubmittedJobs jobs = new SubmittedJobs();
                CpuMonitor.Window window = context.env().cpu().open();
                LoadResult submits = context.generator().run(HttpTargets.submit(port, SubmitScenario.BODY, jobs), rate,
                        context.options().duration());
                Map<String, Long> intended = jobs.intendedNanosById();
                boolean allDone = watcher.awaitTerminal(intended.keySet(), DRAIN_TIMEOUT);
                boolean allDelivered = awaitDelivered(sink, intended.keySet());
                return result(submits, intended, watcher, sink, allDone && allDelivered, window.usage());
            }
        }
    }

    private static String secret() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    /** Waits until the receiver heard of every job, or the drain timeout passes. */
    private static boolean awaitDelivered(WebhookSink sink, Set<String> jobs) throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (jobs.stream().allMatch(job -> sink.arrivalNanos(job) != null)) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    private ScenarioResult result(LoadResult submits, Map<String, Long> intended, JobEventsWatcher watcher,
            WebhookSink sink, boolean complete, CpuMonitor.Usage cpu) {
        Histogram endToEnd = new Histogram(Duration.ofMinutes(10).toNanos() / 1000, 3);
        Histogram delivery = new Histogram(Duration.ofMinutes(10).toNanos() / 1000, 3);
        long firstSubmit = Long.MAX_VALUE;
        long lastTerminal = Long.MIN_VALUE;
        long firstDelivery = Long.MAX_VALUE;
        long lastDelivery = Long.MIN_VALUE;
        long finished = 0;
        long delivered = 0;
        for (Map.Entry<String, Long> job : intended.entrySet()) {
            firstSubmit = Math.min(firstSubmit, job.getValue());
            Long done = watcher.terminal(job.getKey()).filter(JobEventsWatcher.Terminal::completed)
                    .map(JobEventsWatcher.Terminal::nanos).orElse(null);
            Long arrived = sink.arrivalNanos(job.getKey());
            if (done != null) {
                finished++;
                lastTerminal = Math.max(lastTerminal, done);
                record(endToEnd, done - job.getValue());
            }
            if (arrived != null) {
                delivered++;
                firstDelivery = Math.min(firstDelivery, arrived);
                lastDelivery = Math.max(lastDelivery, arrived);
                if (done != null) {
                    record(delivery, arrived - done);
                }
            }
        }
        double jobsPerSecond = finished == 0 ? 0 : finished * 1e9 / (lastTerminal - firstSubmit);
        double deliveriesPerSecond = delivered < 2 ? 0 : delivered * 1e9 / (lastDelivery - firstSubmit);
        double deliveryP50 = delivery.getTotalCount() == 0 ? Double.NaN : delivery.getValueAtPercentile(50) / 1000.0;
        double deliveryP99 = delivery.getTotalCount() == 0 ? Double.NaN : delivery.getValueAtPercentile(99) / 1000.0;
        context.progress().accept(String.format(Locale.ROOT, "  %d jobs: %.0f jobs/s end to end, %.0f deliveries/s, "
                + "terminal event → receiver p50 %.1f ms, p99 %.1f ms", intended.size(), jobsPerSecond,
                deliveriesPerSecond, deliveryP50, deliveryP99));
        String note = complete ? "" : (intended.size() - delivered) + " not delivered after " + DRAIN_TIMEOUT.toSeconds()
                + " s";
        List<Measurement> rows = List.of(
                Measurement.of(String.format(Locale.ROOT, "async submit, offered %.0f/s", submits.targetRate()),
                        submits, submits.missed() > 0 ? submits.missed() + " not sent in time" : ""),
                new Measurement("submit → `completed` event, jobs/s (same run)", jobsPerSecond,
                        percentile(endToEnd, 50), percentile(endToEnd, 99), Double.NaN, finished,
                        intended.size() - finished, "not `completed` in time, failed ones included"),
                new Measurement("terminal event → webhook at the receiver, deliveries/s", deliveriesPerSecond,
                        deliveryP50, deliveryP99, Double.NaN, delivered, intended.size() - delivered, note));
        Section section = new Section(id(), "Webhook delivery, zero-latency receiver",
                "One Ferry node with every role (ingress, store, worker, webhooks) in the bench JVM, calling the "
                        + "zero-latency mock; one webhook endpoint for the jobs' owner at a receiver in the bench JVM "
                        + "that answers 200 at once. Jobs are submitted open-loop at the e2e rate. A plain consumer of "
                        + "`job-events` notes each terminal event; the receiver notes each job's first delivery. "
                        + "Latency of a delivery = its arrival − the terminal event as that consumer saw it; "
                        + "deliveries/s = deliveries / (last delivery − first intended submit), next to the jobs/s "
                        + "of the same run.",
                rows,
                List.of(String.format(Locale.ROOT, "%,.0f deliveries/s beside %,.0f jobs/s end to end; a delivery "
                        + "reached the receiver %.1f ms (p50) / %.1f ms (p99) after its terminal event.",
                        deliveriesPerSecond, jobsPerSecond, deliveryP50, deliveryP99)),
                List.of(submits), cpu,
                List.of(new LatencyCurve("submit → `completed` event", endToEnd),
                        new LatencyCurve("terminal event → webhook at the receiver", delivery)));
        return new ScenarioResult(section, List.of());
    }

    private static void record(Histogram histogram, long nanos) {
        histogram.recordValue(Math.max(0, Math.min(histogram.getHighestTrackableValue(), nanos / 1000)));
    }

    private static double percentile(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1000.0;
    }
}
