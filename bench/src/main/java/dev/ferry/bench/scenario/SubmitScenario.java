package dev.ferry.bench.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.bench.load.ThroughputComparison;
import dev.ferry.bench.report.MarkdownReport;
import dev.ferry.bench.report.Section;
import dev.ferry.bench.report.TargetCheck;
import dev.ferry.bench.system.CpuMonitor;
import dev.ferry.bench.system.FerryNodes;
import dev.ferry.bench.system.StoreFoldFloor;
import dev.ferry.bench.system.SubmitFloorServer;
import dev.ferry.bench.target.HttpTargets;
import dev.ferry.bench.target.KafkaProduceTarget;
import dev.ferry.bench.target.SubmittedJobs;
import dev.ferry.core.job.JobId;
import dev.ferry.core.job.JobSubmitted;
import dev.ferry.core.serde.JobsRecordFormat;
import dev.ferry.core.serde.Json;
import org.apache.kafka.common.header.internals.RecordHeaders;
import dev.ferry.embeddedkafka.EmbeddedKafkaBroker;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Async submits per second and their latency to the 200 (the job is durable in Kafka by then), beside the hello-world
 * endpoint and beside a raw {@code acks=all} producer writing records of the same size to the same broker.
 */
public final class SubmitScenario implements Scenario {

    static final String BODY = "{\"model\":\"mock/echo\",\"input\":\"hi\"}";
    private static final double TARGET_SHARE_OF_HELLO = 0.5;
    /** A submit may cost at most this many times a hello-world request's CPU (the steadier form of the target). */
    private static final double TARGET_CPU_OF_HELLO = 2.0;

    private final ScenarioContext context;

    public SubmitScenario(ScenarioContext context) {
        this.context = context;
    }

    @Override
    public String id() {
        return "submit";
    }

    @Override
    public ScenarioResult run() throws Exception {
        byte[] payload = jobRecordBytes();
        int port = context.ingress().port();
        context.settle();
        context.progress().accept("submit: hello-world vs raw KafkaProducer (" + payload.length
                + "-byte records), alone and folded into a store, vs Ferry async submit");
        CpuMonitor.Window window;
        List<ThroughputComparison.Measured> measured;
        String foldedTopic = createRawTopic();
        String bootstrap = context.env().bootstrapServers();
        try (KafkaProduceTarget producer = new KafkaProduceTarget(bootstrap, createRawTopic(), payload,
                        EmbeddedKafkaBroker.MAX_MESSAGE_BYTES);
                KafkaProduceTarget folded = new KafkaProduceTarget("kafka-producer-folded", bootstrap, foldedTopic,
                        payload, EmbeddedKafkaBroker.MAX_MESSAGE_BYTES);
                StoreFoldFloor fold = StoreFoldFloor.start(bootstrap, List.of(foldedTopic),
                        context.env().dataDir().resolve("fold-floor"));
                SubmitFloorServer floorServer = SubmitFloorServer.start(bootstrap, foldedTopic,
                        EmbeddedKafkaBroker.MAX_MESSAGE_BYTES)) {
            window = context.env().cpu().open();
            measured = context.comparison().run(List.of(HttpTargets.hello(context.env().helloPort()), producer,
                    folded, HttpTargets.submit(floorServer.port(), BODY, new SubmittedJobs()).named("submit-floor"),
                    HttpTargets.submit(port, BODY, new SubmittedJobs())));
        }
        ThroughputComparison.Measured hello = measured.get(0);
        ThroughputComparison.Measured kafka = measured.get(1);
        ThroughputComparison.Measured foldFloor = measured.get(2);
        ThroughputComparison.Measured submitFloor = measured.get(3);
        ThroughputComparison.Measured ferry = measured.get(4);
        double sumMicros = hello.medianRound().cpuMicrosPerRequest() + foldFloor.medianRound().cpuMicrosPerRequest();
        double helloMicros = hello.medianRound().cpuMicrosPerRequest();
        double floorMicros = submitFloor.medianRound().cpuMicrosPerRequest();
        double ferryMicros = ferry.medianRound().cpuMicrosPerRequest();
        double ofHello = Rows.ratio(ferry.throughput(), hello.throughput());
        double ofKafka = Rows.ratio(ferry.throughput(), kafka.throughput());
        double floorOfHello = Rows.ratio(submitFloor.throughput(), hello.throughput());
        Section section = new Section(id(), "Async submit",
                "`POST /openai/v1/responses` with `x-bf-async: true` and `" + BODY + "` to a Ferry node running "
                        + "ingress and its job store (no worker); the 200 comes once Kafka acknowledged the job. The "
                        + "raw producer writes " + payload.length + "-byte records (the size of the `jobs` record "
                        + "Ferry writes for that body) to a topic with the same partition count; the folded "
                        + "producer writes the same records to a topic that a bare Kafka Streams app in the bench JVM "
                        + "puts into a persistent, changelogged, uncached store (`StoreFoldFloor`), as the job store "
                        + "keeps each job. The submit floor is the smallest Javalin server that writes the body "
                        + "unread to that folded topic with the same producer settings and answers once Kafka "
                        + "acknowledged it (`SubmitFloorServer`): an async submit through a gateway and a store, with "
                        + "nothing of Ferry's own. " + Rows.method(context),
                List.of(Rows.of("hello-world `GET /hello`", hello, "baseline"),
                        Rows.of("raw KafkaProducer `acks=all`, send + wait for ack", kafka, "baseline"),
                        Rows.of("the same, into a topic a bare Kafka Streams app folds into a store", foldFloor,
                                "floor of the job store's share"),
                        Rows.of("submit floor: a bare Javalin server writing the body to that topic", submitFloor,
                                Rows.times(floorOfHello) + " hello-world"),
                        Rows.of("Ferry async submit", ferry,
                                Rows.times(ofHello) + " hello-world, " + Rows.times(ofKafka) + " raw producer, "
                                        + Rows.times(Rows.ratio(ferry.throughput(), submitFloor.throughput()))
                                        + " the submit floor")),
                List.of("Ferry's submit throughput is " + Rows.percent(ofHello) + " of hello-world's and "
                        + Rows.percent(ofKafka) + " of the raw producer's; the submit floor's is "
                        + Rows.percent(floorOfHello) + " of hello-world's.",
                        "CPU per request: the submit floor " + MarkdownReport.micros(floorMicros) + " µs ("
                        + Rows.times(floorMicros / helloMicros) + " hello-world's); hello-world's and the folded "
                        + "producer's added up, " + MarkdownReport.micros(sumMicros) + " µs ("
                        + Rows.times(sumMicros / helloMicros) + "); Ferry's submit "
                        + MarkdownReport.micros(ferryMicros) + " µs (" + Rows.times(ferryMicros / helloMicros)
                        + "), " + MarkdownReport.micros(ferryMicros - floorMicros) + " µs above the submit floor."),
                Rows.runs(measured), window.usage());
        TargetCheck check = new TargetCheck("submit throughput ≥ 50 % of hello-world's",
                Rows.percent(ofHello) + " (" + Rows.rate(ferry.throughput()) + " vs "
                        + Rows.rate(hello.throughput()) + "; floor, a bare submit server: " + Rows.percent(floorOfHello)
                        + ")",
                ofHello >= TARGET_SHARE_OF_HELLO);
        TargetCheck cpu = new TargetCheck("CPU per submit ≤ 2 × hello-world's",
                Rows.cpuRatio(ferry, hello) + " (" + MarkdownReport.micros(ferryMicros) + " vs "
                        + MarkdownReport.micros(helloMicros) + " µs; floor, a bare submit server: "
                        + Rows.cpuRatio(submitFloor, hello) + ")",
                ferryMicros / helloMicros <= TARGET_CPU_OF_HELLO);
        return new ScenarioResult(section, List.of(check, cpu));
    }

    /** The value of a {@code jobs} record for this request; its envelope headers (about 150 bytes) are left out. */
    private byte[] jobRecordBytes() throws Exception {
        ObjectNode request = (ObjectNode) context.env().mapper().readTree(BODY);
        JobSubmitted job = new JobSubmitted(JobId.random().value(), "mock/echo", request, "anonymous", 3600,
                System.currentTimeMillis());
        return new JobsRecordFormat(Json.newPayloadMapper()).serializer()
                .serialize("jobs", new RecordHeaders(), job);
    }

    private String createRawTopic() throws Exception {
        String topic = "bench-raw-" + System.nanoTime();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                context.env().bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, FerryNodes.PARTITIONS, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        }
        return topic;
    }
}
