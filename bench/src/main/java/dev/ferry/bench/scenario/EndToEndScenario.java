package dev.ferry.bench.scenario;

import dev.ferry.app.FerryNode;
import dev.ferry.app.Role;
import dev.ferry.bench.load.LoadResult;
import dev.ferry.bench.load.ProcessCpu;
import dev.ferry.bench.load.SteadyWarmUp;
import dev.ferry.bench.report.LatencyCurve;
import dev.ferry.bench.report.MarkdownReport;
import dev.ferry.bench.report.Measurement;
import dev.ferry.bench.report.Section;
import dev.ferry.bench.report.TargetCheck;
import dev.ferry.bench.system.BrokerWork;
import dev.ferry.bench.system.CpuMonitor;
import dev.ferry.bench.system.EndToEndFloor;
import dev.ferry.bench.system.FerryNodes;
import dev.ferry.bench.system.JobEventsWatcher;
import dev.ferry.bench.system.MockProbe;
import dev.ferry.bench.target.HttpTargets;
import dev.ferry.bench.target.SubmittedJobs;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * Jobs per second from submit to terminal state with a zero-latency provider: one Ferry node with every role submits
 * jobs open-loop at a fixed offered rate for the run's duration, and a plain consumer of {@code job-events} notes when
 * each job's {@code completed} event arrives. Throughput is completed jobs over the time from the first intended
 * submit to the last {@code completed} event; latency per job is from its intended submit time to that event. Jobs
 * that failed, or never ended, are counted apart and left out of both. The same load then goes to the floor
 * ({@link EndToEndFloor}): what the least design with the same hops costs per job here. The two run side by side and
 * are both warmed up before either step, so that neither is measured in a JVM the other has not warmed yet.
 */
public final class EndToEndScenario implements Scenario {

    private static final double TARGET_JOBS_PER_SECOND = 3000;
    /** CPU microseconds per completed job, the whole node and its broker included, the JIT compiler threads' apart. */
    private static final double TARGET_CPU_MICROS_PER_JOB = 500;
    private static final double WARMUP_RATE = 1000;
    private static final Duration MAX_WARMUP = Duration.ofSeconds(90);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(120);
    /** How long the broker's counters may take to settle after the last job ended (the store's changelog lags). */
    private static final Duration BROKER_QUIET_LIMIT = Duration.ofSeconds(30);

    private final ScenarioContext context;

    public EndToEndScenario(ScenarioContext context) {
        this.context = context;
    }

    @Override
    public String id() {
        return "e2e";
    }

    /** One measured step: what was submitted, whether every job ended, how busy the machine was, and the tally. */
    private record Step(LoadResult submits, int jobs, boolean allDone, CpuMonitor.Usage cpu, Tally tally,
            SteadyWarmUp.Outcome warmUp, BrokerWork.Reading brokerWork, long providerCalls) {

        BrokerWork.PerJob brokerWorkPerJob() {
            return brokerWork.perJob(ended());
        }

        double providerCallsPerJob() {
            return ended() == 0 ? Double.NaN : (double) providerCalls / ended();
        }

        private long ended() {
            return tally.completed() + tally.failed();
        }
    }

    /**
     * A step's jobs counted: throughput, latency and CPU of the completed ones (the JIT compiler threads' apart), and
     * the rest counted apart.
     */
    private record Tally(double jobsPerSecond, long completed, long failed, long unfinished, Histogram latency,
            double cpuMicrosPerJob, double compilingMicrosPerJob) {

        static Tally of(Map<String, Long> intended, JobEventsWatcher watcher, ProcessCpu.Spent cpu) {
            Histogram latency = new Histogram(Duration.ofMinutes(10).toNanos() / 1000, 3);
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            long completed = 0;
            long failed = 0;
            for (Map.Entry<String, Long> job : intended.entrySet()) {
                first = Math.min(first, job.getValue());
                Optional<JobEventsWatcher.Terminal> terminal = watcher.terminal(job.getKey());
                if (terminal.isPresent() && !terminal.get().completed()) {
                    failed++;
                } else if (terminal.isPresent()) {
                    long done = terminal.get().nanos();
                    completed++;
                    last = Math.max(last, done);
                    latency.recordValue(Math.max(0, Math.min(latency.getHighestTrackableValue(),
                            (done - job.getValue()) / 1000)));
                }
            }
            return new Tally(completed == 0 ? 0 : completed * 1e9 / (last - first), completed, failed,
                    intended.size() - completed - failed, latency, perJob(cpu.workNanos(), completed),
                    perJob(cpu.compilingNanos(), completed));
        }

        private static double perJob(long nanos, long completed) {
            return completed == 0 || nanos < 0 ? Double.NaN : nanos / 1000.0 / completed;
        }

        /** CPU per job with the compiling counted in, as the passes before the ninth reported it. */
        double cpuWithCompilingMicrosPerJob() {
            return cpuMicrosPerJob + compilingMicrosPerJob;
        }

        double p50Ms() {
            return completed == 0 ? Double.NaN : latency.getValueAtPercentile(50) / 1000.0;
        }

        double p99Ms() {
            return completed == 0 ? Double.NaN : latency.getValueAtPercentile(99) / 1000.0;
        }
    }

    @Override
    public ScenarioResult run() throws Exception {
        Map<String, String> environment = context.env().nodes().environment("e2e", context.env().instantMock().baseUrl());
        double rate = context.options().endToEndRate();
        String bootstrap = context.env().bootstrapServers();
        context.progress().accept(String.format(Locale.ROOT, "end to end, zero-latency provider, offered %.0f/s; "
                + "Ferry beside its floor (a bare HTTP front, worker and store, EndToEndFloor), both warmed before "
                + "either is measured", rate));
        URI mockResponses = URI.create(context.env().instantMock().baseUrl() + "/responses");
        try (MockProbe mock = new MockProbe(context.env().instantMock().port(), context.env().mapper());
                FerryNode node = context.env().nodes().start(environment, EnumSet.allOf(Role.class));
                JobEventsWatcher ferryEvents = new JobEventsWatcher(bootstrap,
                        environment.get("FERRY_JOB_EVENTS_TOPIC"));
                EndToEndFloor floorPipeline = EndToEndFloor.start(bootstrap, FerryNodes.PARTITIONS, mockResponses,
                        context.env().dataDir().resolve("e2e-floor"));
                JobEventsWatcher floorEvents = new JobEventsWatcher(bootstrap, floorPipeline.eventsTopic())) {
            Pipeline ferry = new Pipeline("ferry-submit", node.httpPort().orElseThrow(), ferryEvents);
            Pipeline floor = new Pipeline("e2e-floor", floorPipeline.port(), floorEvents);
            SteadyWarmUp.Outcome ferryWarmUp = warmUp(ferry, rate);
            SteadyWarmUp.Outcome floorWarmUp = warmUp(floor, rate);
            context.settle();
            Step ferryStep = measure(ferry, rate, mock, ferryWarmUp);
            context.settle();
            Step floorStep = measure(floor, rate, mock, floorWarmUp);
            return result(ferryStep, floorStep);
        }
    }

    /** Where one pipeline takes jobs, and where the bench sees them end. */
    private record Pipeline(String name, int port, JobEventsWatcher events) {
    }

    /**
     * Warms {@code pipeline} up at a lower rate in rounds until the bench JVM's compilers are nearly done. Both
     * pipelines are warmed before either is measured: run in a fresh JVM, whichever went first was measured at a
     * fraction of what it did second (BENCHMARKS.md, fourteenth pass), so measuring each right after its own warm-up
     * favoured the floor, which ran second.
     */
    private SteadyWarmUp.Outcome warmUp(Pipeline pipeline, double rate) throws Exception {
        if (context.options().warmup().isZero()) {
            return SteadyWarmUp.Outcome.NONE;
        }
        SubmittedJobs jobs = new SubmittedJobs();
        return new SteadyWarmUp(new ProcessCpu(), SteadyWarmUp.STEADY_COMPILING_SHARE, MAX_WARMUP,
                context.progress()).run(pipeline.name(), () -> {
                    context.generator().run(HttpTargets.submit(pipeline.port(), SubmitScenario.BODY, jobs)
                            .named(pipeline.name()), warmUpRate(rate), context.options().warmup());
                    pipeline.events().awaitTerminal(jobs.ids(), DRAIN_TIMEOUT);
                    int ran = jobs.size();
                    jobs.clear();
                    return ran;
                });
    }

    /** Submits at {@code rate} for the step and waits for every job. */
    private Step measure(Pipeline pipeline, double rate, MockProbe mock, SteadyWarmUp.Outcome warmUp)
            throws Exception {
        String name = pipeline.name();
        SubmittedJobs jobs = new SubmittedJobs();
        CpuMonitor.Window window = context.env().cpu().open();
        ProcessCpu.Reading cpuBefore = context.env().cpu().process();
        BrokerWork.Reading brokerBefore = context.env().brokerWork().read();
        long callsBefore = mock.stats().requests();
        LoadResult submits = context.generator().run(HttpTargets.submit(pipeline.port(), SubmitScenario.BODY, jobs)
                .named(name), rate, context.options().duration());
        Map<String, Long> intended = jobs.intendedNanosById();
        boolean allDone = pipeline.events().awaitTerminal(intended.keySet(), DRAIN_TIMEOUT);
        Tally tally = Tally.of(intended, pipeline.events(), context.env().cpu().process().since(cpuBefore));
        Step step = new Step(submits, intended.size(), allDone, window.usage(), tally, warmUp,
                context.env().brokerWork().readWhenQuiet(quietRecords(intended.size()), BROKER_QUIET_LIMIT)
                        .since(brokerBefore), mock.stats().requests() - callsBefore);
        context.progress().accept(String.format(Locale.ROOT, "  %s: %d jobs, %.0f completed jobs/s end to end, "
                + "%.0f µs CPU per job and %.0f µs compiling, p50 %.1f ms, p99 %.1f ms, %d failed, %d unfinished; "
                + "%.2f provider calls per job; the broker per job: %s; %s", name, intended.size(),
                tally.jobsPerSecond(), tally.cpuMicrosPerJob(), tally.compilingMicrosPerJob(), tally.p50Ms(),
                tally.p99Ms(), tally.failed(), tally.unfinished(), step.providerCallsPerJob(),
                describe(step.brokerWorkPerJob()), byTopic(step.brokerWorkPerJob())));
        return step;
    }

    /**
     * Records a second below which the broker counts as done with a step: 1 % of its jobs, and never under what an
     * idle node writes anyway (its store's tasks commit their offsets after every expiry sweep, about a dozen a second).
     */
    private static long quietRecords(int jobs) {
        return Math.max(50, jobs / 100);
    }

    private static String describe(BrokerWork.PerJob work) {
        return String.format(Locale.ROOT, "%.2f records (%,.0f bytes), %.3f produce and %.3f fetch requests",
                work.records(), work.bytesIn(), work.produceRequests(), work.fetchRequests());
    }

    /** Records per job by topic, the most first, topics under 0.01 per job left out. */
    private static String byTopic(BrokerWork.PerJob work) {
        return work.recordsByTopic().entrySet().stream()
                .filter(topic -> topic.getValue() >= 0.01)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .map(topic -> String.format(Locale.ROOT, "`%s` %.2f", topic.getKey(), topic.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static double warmUpRate(double rate) {
        return Math.min(rate, WARMUP_RATE);
    }

    private ScenarioResult result(Step step, Step floorStep) {
        Tally ferry = step.tally();
        Tally floor = floorStep.tally();
        context.figures().put(RunFigures.END_TO_END_JOBS_PER_SECOND, ferry.jobsPerSecond());
        LoadResult submits = step.submits();
        Measurement submitRow = Measurement.of(String.format(Locale.ROOT, "async submit, offered %.0f/s",
                submits.targetRate()), submits, submits.missed() > 0 ? submits.missed() + " not sent in time" : "");
        Measurement e2eRow = new Measurement("submit → `completed` event, completed jobs/s", ferry.jobsPerSecond(),
                ferry.p50Ms(), ferry.p99Ms(), ferry.cpuMicrosPerJob(), ferry.completed(),
                ferry.failed() + ferry.unfinished(),
                (ferry.failed() > 0 ? ferry.failed() + " failed (errors column)" : "")
                        + (ferry.failed() > 0 && !step.allDone() ? "; " : "")
                        + (step.allDone() ? "" : ferry.unfinished() + " not terminal after "
                                + DRAIN_TIMEOUT.toSeconds() + " s"));
        Measurement floorRow = new Measurement("floor: a bare HTTP front, worker and store, completed jobs/s",
                floor.jobsPerSecond(), floor.p50Ms(), floor.p99Ms(), floor.cpuMicrosPerJob(), floor.completed(),
                floor.failed() + floor.unfinished(), "");
        Section section = new Section(id(), "End to end, zero-latency provider",
                "One Ferry node with every role (ingress, store, worker) in the bench JVM, calling the zero-latency "
                        + "mock over HTTP. Jobs are submitted open-loop at a fixed offered rate for the step duration; "
                        + "a plain consumer of `job-events` notes each job's terminal event. Jobs/s = completed jobs "
                        + "/ (last `completed` event − first intended submit); latency per completed job = its "
                        + "`completed` event − its intended submit; CPU per job = the bench JVM's CPU time from the first "
                        + "submit until every job ended, over the completed jobs, apart from its JIT compiler threads "
                        + "(their share is given below). Failed and unfinished jobs are counted apart (the "
                        + "errors column), not in jobs/s or latency. The offered rate is above the target, so jobs/s "
                        + "shows what the node keeps up with. The floor runs beside it and gets the same load: the "
                        + "same request over HTTP answered with a job id once Kafka acknowledged its record, a bare "
                        + "consumer passing each record's value to the mock with Ferry's provider client and writing "
                        + "the answer to an events topic, and a bare Kafka Streams app putting the records of both "
                        + "topics into a persistent, changelogged, uncached store (`EndToEndFloor`). Both are warmed "
                        + "up before either is measured, then Ferry's step runs and the floor's after it.",
                List.of(submitRow, e2eRow, floorRow),
                List.of(String.format(Locale.ROOT, "%,.0f completed jobs/s end to end (%d jobs: %d completed, %d "
                        + "failed, %d unfinished).", ferry.jobsPerSecond(), step.jobs(), ferry.completed(),
                        ferry.failed(), ferry.unfinished()),
                        String.format(Locale.ROOT, "CPU per completed job: Ferry %s µs, the floor %s µs (%.2f×). "
                                + "The JIT compiler threads spent %s µs per job more during Ferry's step and %s µs "
                                + "during the floor's; counted in, %s and %s µs.",
                                MarkdownReport.micros(ferry.cpuMicrosPerJob()),
                                MarkdownReport.micros(floor.cpuMicrosPerJob()),
                                ferry.cpuMicrosPerJob() / floor.cpuMicrosPerJob(),
                                MarkdownReport.micros(ferry.compilingMicrosPerJob()),
                                MarkdownReport.micros(floor.compilingMicrosPerJob()),
                                MarkdownReport.micros(ferry.cpuWithCompilingMicrosPerJob()),
                                MarkdownReport.micros(floor.cpuWithCompilingMicrosPerJob())),
                        String.format(Locale.ROOT, "Cores kept busy, compilers apart (completed jobs/s × CPU per "
                                + "job): Ferry %.2f, the floor %.2f. Both steps offer more than either keeps up with, "
                                + "so CPU per job is the CPU the JVM got over the jobs it finished: it falls only as "
                                + "throughput rises.", ferry.jobsPerSecond() * ferry.cpuMicrosPerJob() / 1e6,
                                floor.jobsPerSecond() * floor.cpuMicrosPerJob() / 1e6),
                        String.format(Locale.ROOT, "What each job of the step (completed or failed) caused, counts "
                                + "that do not depend on the machine's speed: provider calls, Ferry %.2f and the floor "
                                + "%.2f; the broker, Ferry %s; the floor %s. Records are those appended to any topic. "
                                + "By topic, Ferry: %s; the floor: %s.", step.providerCallsPerJob(),
                                floorStep.providerCallsPerJob(), describe(step.brokerWorkPerJob()),
                                describe(floorStep.brokerWorkPerJob()), byTopic(step.brokerWorkPerJob()),
                                byTopic(floorStep.brokerWorkPerJob())),
                        "Warm-up at " + (int) warmUpRate(context.options().endToEndRate())
                                + "/s, Ferry's first: " + step.warmUp().describe("jobs") + "; then the floor's: "
                                + floorStep.warmUp().describe("jobs") + "."),
                List.of(submits), step.cpu(),
                List.of(new LatencyCurve("async submit → 200", submits.latencyMicros()),
                        new LatencyCurve("submit → `completed` event", ferry.latency()),
                        new LatencyCurve("floor: submit → `completed` event", floor.latency())));
        TargetCheck check = new TargetCheck("end to end ≥ 3,000 jobs/s, zero-latency provider",
                String.format(Locale.ROOT, "%,.0f completed jobs/s (floor: %,.0f)", ferry.jobsPerSecond(),
                        floor.jobsPerSecond()),
                step.allDone() && ferry.failed() == 0 && ferry.jobsPerSecond() >= TARGET_JOBS_PER_SECOND);
        TargetCheck cpuCheck = new TargetCheck("end to end ≤ 0.5 ms of CPU per job",
                MarkdownReport.micros(ferry.cpuMicrosPerJob()) + " µs per completed job, JIT compiling apart (floor: "
                        + MarkdownReport.micros(floor.cpuMicrosPerJob()) + " µs; compiling counted in: "
                        + MarkdownReport.micros(ferry.cpuWithCompilingMicrosPerJob()) + " and "
                        + MarkdownReport.micros(floor.cpuWithCompilingMicrosPerJob()) + " µs)",
                ferry.cpuMicrosPerJob() <= TARGET_CPU_MICROS_PER_JOB);
        return new ScenarioResult(section, List.of(check, cpuCheck));
    }
}
