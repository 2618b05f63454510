package dev.ferry.core.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Counters and histograms of jobs, by provider and model (labels bounded by {@link MetricLabels}): ingress counts
 * submissions, workers count what happened next and time it. Meters are looked up once per model name and kept, so
 * the hot path is a map lookup and an increment.
 */
public final class JobMetrics {

    public static final String SUBMITTED = "ferry.jobs.submitted";
    public static final String STARTED = "ferry.jobs.started";
    public static final String COMPLETED = "ferry.jobs.completed";
    public static final String FAILED = "ferry.jobs.failed";
    public static final String CANCELLED = "ferry.jobs.cancelled";
    public static final String DEAD_LETTERED = "ferry.jobs.dead.lettered";
    public static final String QUEUE_WAIT = "ferry.job.queue.wait";
    public static final String PROVIDER_LATENCY = "ferry.provider.latency";
    public static final String DURATION = "ferry.job.duration";
    /** Model names remembered with their meters; beyond this many, labels are worked out on each call. */
    private static final int REMEMBERED_MODELS = 1024;

    private final MeterRegistry registry;
    private final MetricLabels labels;
    private final Map<String, ModelMeters> byModel = new ConcurrentHashMap<>();
    private final Map<MetricLabels.Labels, ModelMeters> byLabels = new ConcurrentHashMap<>();

    public JobMetrics(MeterRegistry registry, MetricLabels labels) {
        this.registry = registry;
        this.labels = labels;
    }

    /** Metrics recorded nowhere: for tests and tools that build the services without a registry. */
    public static JobMetrics none() {
        return new JobMetrics(new io.micrometer.core.instrument.composite.CompositeMeterRegistry(),
                new MetricLabels(java.util.Set.of(), java.util.Set.of()));
    }

    public void submitted(String model) {
        meters(model).submitted.increment();
    }

    public void started(String model, long queueWaitMs) {
        ModelMeters meters = meters(model);
        meters.started.increment();
        meters.queueWait.record(Math.max(0, queueWaitMs), TimeUnit.MILLISECONDS);
    }

    /** One provider call of a job, however it ended: {@code success}, {@code retryable} or {@code terminal}. */
    public void providerCall(String model, long millis, Outcome outcome) {
        meters(model).providerLatency[outcome.ordinal()].record(Math.max(0, millis), TimeUnit.MILLISECONDS);
    }

    public void completed(String model, long durationMs) {
        ModelMeters meters = meters(model);
        meters.completed.increment();
        meters.duration[Ended.COMPLETED.ordinal()].record(Math.max(0, durationMs), TimeUnit.MILLISECONDS);
    }

    public void failed(String model, int httpStatus, long durationMs) {
        ModelMeters meters = meters(model);
        meters.failed[statusClassIndex(httpStatus)].increment();
        meters.duration[Ended.FAILED.ordinal()].record(Math.max(0, durationMs), TimeUnit.MILLISECONDS);
    }

    public void cancelled(String model, long durationMs) {
        ModelMeters meters = meters(model);
        meters.cancelled.increment();
        meters.duration[Ended.CANCELLED.ordinal()].record(Math.max(0, durationMs), TimeUnit.MILLISECONDS);
    }

    public void deadLettered(String model, int httpStatus) {
        meters(model).deadLettered[statusClassIndex(httpStatus)].increment();
    }

    /** How one provider call ended, as the {@code outcome} label says it. */
    public enum Outcome {
        SUCCESS, RETRYABLE, TERMINAL;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private enum Ended {
        COMPLETED, FAILED, CANCELLED;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final String[] STATUS_CLASSES = {"4xx", "5xx", MetricLabels.OTHER};

    private static int statusClassIndex(int httpStatus) {
        String statusClass = MetricLabels.statusClass(httpStatus);
        return statusClass.equals("4xx") ? 0 : statusClass.equals("5xx") ? 1 : 2;
    }

    private ModelMeters meters(String model) {
        String key = model == null ? "" : model;
        ModelMeters known = byModel.get(key);
        if (known != null) {
            return known;
        }
        ModelMeters meters = byLabels.computeIfAbsent(labels.of(model), this::register);
        if (byModel.size() < REMEMBERED_MODELS) {
            byModel.putIfAbsent(key, meters);
        }
        return meters;
    }

    private ModelMeters register(MetricLabels.Labels labels) {
        return new ModelMeters(registry, labels);
    }

    /** Every meter of one provider and model label pair. */
    private static final class ModelMeters {
        final Counter submitted;
        final Counter started;
        final Counter completed;
        final Counter cancelled;
        final Counter[] failed = new Counter[STATUS_CLASSES.length];
        final Counter[] deadLettered = new Counter[STATUS_CLASSES.length];
        final Timer queueWait;
        final Timer[] providerLatency = new Timer[Outcome.values().length];
        final Timer[] duration = new Timer[Ended.values().length];

        ModelMeters(MeterRegistry registry, MetricLabels.Labels labels) {
            Tags tags = Tags.of("provider", labels.provider(), "model", labels.model());
            submitted = counter(registry, SUBMITTED, "Async jobs accepted by ingress (durable in Kafka)", tags);
            started = counter(registry, STARTED, "Jobs a worker started", tags);
            completed = counter(registry, COMPLETED, "Jobs that completed", tags);
            cancelled = counter(registry, CANCELLED, "Jobs cancelled by their owner", tags);
            for (int i = 0; i < STATUS_CLASSES.length; i++) {
                Tags withClass = tags.and("status_class", STATUS_CLASSES[i]);
                failed[i] = counter(registry, FAILED, "Jobs that failed, by the HTTP status class of the error",
                        withClass);
                deadLettered[i] = counter(registry, DEAD_LETTERED, "Jobs written to the dead-letter topic",
                        withClass);
            }
            Tags provider = Tags.of("provider", labels.provider());
            queueWait = LatencyBuckets.timer(registry, QUEUE_WAIT, "Time from submission to a worker starting the job",
                    provider);
            for (Outcome outcome : Outcome.values()) {
                providerLatency[outcome.ordinal()] = LatencyBuckets.timer(registry, PROVIDER_LATENCY,
                        "Time of one provider call made for a job", provider.and("outcome", outcome.label()));
            }
            for (Ended ended : Ended.values()) {
                duration[ended.ordinal()] = LatencyBuckets.timer(registry, DURATION,
                        "Time from submission to the job's end", provider.and("status", ended.label()));
            }
        }

        private static Counter counter(MeterRegistry registry, String name, String description, Tags tags) {
            return Counter.builder(name).description(description).tags(tags).register(registry);
        }
    }
}
