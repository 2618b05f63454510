package dev.ferry.bench.scenario;

import dev.ferry.bench.http.HttpConnection;
import dev.ferry.bench.http.HttpResponse;
import dev.ferry.bench.load.ThroughputComparison;
import dev.ferry.bench.report.Section;
import dev.ferry.bench.report.TargetCheck;
import dev.ferry.bench.system.CpuMonitor;
import dev.ferry.bench.system.PollFloorServer;
import dev.ferry.bench.target.HttpTargets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        Map<String, byte[]> answers = submitAndPoll(port, jobs);
        List<String> ids = List.copyOf(answers.keySet());
        context.settle();
        context.progress().accept("poll: hello-world, the poll floor and Ferry poll of " + ids.size()
                + " queued jobs");
        List<ThroughputComparison.Measured> measured;
        CpuMonitor.Window window;
        try (PollFloorServer floorServer = PollFloorServer.start(context.env().dataDir().resolve("poll-floor"),
                answers)) {
            window = context.env().cpu().open();
            measured = context.comparison().run(List.of(HttpTargets.hello(context.env().helloPort()),
                    HttpTargets.poll(floorServer.port(), ids).named("poll-floor"), HttpTargets.poll(port, ids)));
        }
        ThroughputComparison.Measured hello = measured.get(0);
        ThroughputComparison.Measured floor = measured.get(1);
        ThroughputComparison.Measured ferry = measured.get(2);
        double ofHello = Rows.ratio(ferry.throughput(), hello.throughput());
        double floorOfHello = Rows.ratio(floor.throughput(), hello.throughput());
        Section section = new Section(id(), "Poll",
                "`POST /openai/v1/responses` with `x-bf-async-id` (empty body), cycling through " + ids.size()
                        + " jobs submitted just before to the same ingress node (no worker, so they answer "
                        + "`queued`), served from the job store. The poll floor answers the same requests with "
                        + "the same bytes from a local RocksDB on a bare Javalin server (`PollFloorServer`): what "
                        + "any poll served from RocksDB costs here at least. " + Rows.method(context),
                List.of(Rows.of("hello-world `GET /hello`", hello, "baseline"),
                        Rows.of("poll floor: Javalin + one RocksDB read", floor,
                                Rows.times(floorOfHello) + " hello-world"),
                        Rows.of("Ferry poll", ferry, Rows.times(ofHello) + " hello-world, "
                                + Rows.times(Rows.ratio(ferry.throughput(), floor.throughput())) + " the floor")),
                List.of("Ferry's poll throughput is " + Rows.percent(ofHello) + " of hello-world's; the floor's is "
                        + Rows.percent(floorOfHello) + "."),
                Rows.runs(measured), window.usage());
        TargetCheck check = new TargetCheck("poll throughput ≥ 90 % of hello-world's",
                Rows.percent(ofHello) + " (" + Rows.rate(ferry.throughput()) + " vs "
                        + Rows.rate(hello.throughput()) + ")",
                ofHello >= TARGET_SHARE_OF_HELLO);
        return new ScenarioResult(section, List.of(check));
    }

    /** Submits the jobs one after another, then polls each once so that all are in the store. */
    static List<String> submitJobs(int port, int jobs) throws Exception {
        return List.copyOf(submitAndPoll(port, jobs).keySet());
    }

    /** {@link #submitJobs}, keeping each job's poll answer as Ferry gave it, in submit order. */
    private static Map<String, byte[]> submitAndPoll(int port, int jobs) throws Exception {
        List<String> ids = new ArrayList<>(jobs);
        Map<String, byte[]> answers = new LinkedHashMap<>();
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
                answers.put(id, response.body());
            }
        }
        return answers;
    }
}
