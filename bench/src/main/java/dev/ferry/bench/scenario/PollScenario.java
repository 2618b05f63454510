package dev.ferry.bench.scenario;

import dev.ferry.bench.http.HttpConnection;
import dev.ferry.bench.http.HttpResponse;
import dev.ferry.bench.load.ThroughputComparison;
import dev.ferry.bench.report.Section;
import dev.ferry.bench.report.TargetCheck;
import dev.ferry.bench.system.CpuMonitor;
import dev.ferry.bench.target.HttpTargets;
import java.util.ArrayList;
import java.util.List;

/** Polls per second and their latency, served from the job store, beside the hello-world endpoint. */
public final class PollScenario implements Scenario {

    private static final double TARGET_SHARE_OF_HELLO = 0.9;

    private final ScenarioContext context;
    private final int jobs;

    /**
     * @param jobs how many jobs to submit first; the polls cycle through them
     */
    public PollScenario(ScenarioContext context, int jobs) {
        this.context = context;
        this.jobs = jobs;
    }

    @Override
    public String id() {
        return "poll";
    }

    @Override
    public ScenarioResult run() throws Exception {
        int port = context.ingress().port();
        context.settle();
        List<String> ids = submitJobs(port, jobs);
        context.settle();
        context.progress().accept("poll: hello-world vs Ferry poll of " + ids.size() + " queued jobs");
        CpuMonitor.Window window = context.env().cpu().open();
        List<ThroughputComparison.Measured> measured = context.comparison().run(
                List.of(HttpTargets.hello(context.env().helloPort()), HttpTargets.poll(port, ids)));
        ThroughputComparison.Measured hello = measured.get(0);
        ThroughputComparison.Measured ferry = measured.get(1);
        double ofHello = Rows.ratio(ferry.throughput(), hello.throughput());
        Section section = new Section(id(), "Poll",
                "`POST /openai/v1/responses` with `x-bf-async-id` (empty body), cycling through " + ids.size()
                        + " jobs submitted just before to the same ingress node (no worker, so they answer "
                        + "`queued`), served from the job store. " + Rows.method(context),
                List.of(Rows.of("hello-world `GET /hello`", hello, "baseline"),
                        Rows.of("Ferry poll", ferry, Rows.times(ofHello) + " hello-world")),
                List.of("Ferry's poll throughput is " + Rows.percent(ofHello) + " of hello-world's."),
                Rows.runs(measured), window.usage());
        TargetCheck check = new TargetCheck("poll throughput ≥ 90 % of hello-world's",
                Rows.percent(ofHello) + " (" + Rows.rate(ferry.throughput()) + " vs "
                        + Rows.rate(hello.throughput()) + ")",
                ofHello >= TARGET_SHARE_OF_HELLO);
        return new ScenarioResult(section, List.of(check));
    }

    /** Submits the jobs one after another, then polls each once so that all are in the store. */
    static List<String> submitJobs(int port, int jobs) throws Exception {
        List<String> ids = new ArrayList<>(jobs);
        try (HttpConnection connection = new HttpConnection("127.0.0.1", port)) {
            byte[] submit = HttpConnection.request("POST", "/openai/v1/responses", connection.authority(),
                    SubmitScenario.BODY, "x-bf-async", "true");
            for (int i = 0; i < jobs; i++) {
                HttpResponse response = connection.exchange(submit, "x-bf-async-id");
                if (response.status() != 200 || response.header() == null) {
                    throw new IllegalStateException("a submit answered " + response.status() + ": "
                            + response.bodyText());
                }
                ids.add(response.header());
            }
            for (String id : ids) {
                byte[] poll = HttpConnection.request("POST", "/openai/v1/responses", connection.authority(), "",
                        "x-bf-async-id", id);
                HttpResponse response = connection.exchange(poll, null);
                long deadline = System.currentTimeMillis() + 60_000;
                while (response.status() == 503 && System.currentTimeMillis() < deadline) {
                    Thread.sleep(200); // the store is still catching up with an earlier scenario's jobs
                    response = connection.exchange(poll, null);
                }
                if (response.status() != 200) {
                    throw new IllegalStateException("a poll answered " + response.status() + ": "
                            + response.bodyText());
                }
            }
        }
        return ids;
    }
}
