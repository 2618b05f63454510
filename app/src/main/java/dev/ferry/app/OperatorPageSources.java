package dev.ferry.app;

import dev.ferry.core.config.FerryConfig;
import dev.ferry.core.kafka.KafkaClientProperties;
import dev.ferry.core.topic.FerryTopics;
import dev.ferry.ingress.ops.ConsumerLag;
import dev.ferry.ingress.ops.DeadLetterTail;
import dev.ferry.ingress.ops.MetricsHistory;
import dev.ferry.ingress.ops.OperatorOverview;
import dev.ferry.ingress.ops.RunningBatches;
import dev.ferry.statestore.JobStateStore;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Where a gateway's operator page gets its data: this node's meters, sampled every two seconds; the job store's
 * counts; the brokers, asked on demand for the workers' lag and the dead-letter topic; and the batch module's
 * running batches (none until one reports them). Closing stops the sampler and the dead-letter reader.
 */
final class OperatorPageSources implements AutoCloseable {

    private final ScheduledExecutorService sampler;
    private final DeadLetterTail deadLetters;
    private final OperatorOverview overview;

    private OperatorPageSources(ScheduledExecutorService sampler, DeadLetterTail deadLetters,
            OperatorOverview overview) {
        this.sampler = sampler;
        this.deadLetters = deadLetters;
        this.overview = overview;
    }

    static OperatorPageSources start(FerryConfig config, KafkaClientProperties kafka, FerryTopics topics, Admin admin,
            Meters meters, JobStateStore store, RunningBatches batches, Clock clock) {
        MetricsHistory history = new MetricsHistory(meters.registry(), clock);
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ferry-metrics-sampler");
            thread.setDaemon(true);
            return thread;
        });
        sampler.scheduleAtFixedRate(history::sample, 0, 2, TimeUnit.SECONDS);
        DeadLetterTail deadLetters = new DeadLetterTail(new KafkaConsumer<>(kafka.consumer("ferry-operator-page"),
                new StringDeserializer(), new ByteArrayDeserializer()),
                topics.deadLetters(), clock);
        OperatorOverview overview = new OperatorOverview(store::jobsByStatus, history,
                new ConsumerLag(admin, config.worker().groupId(), topics.jobs().name(), clock), deadLetters,
                batches, clock);
        return new OperatorPageSources(sampler, deadLetters, overview);
    }

    OperatorOverview overview() {
        return overview;
    }

    @Override
    public void close() {
        sampler.shutdownNow();
        deadLetters.close();
    }
}
