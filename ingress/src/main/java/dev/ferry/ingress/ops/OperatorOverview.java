package dev.ferry.ingress.ops;

import dev.ferry.core.job.JobStatus;
import dev.ferry.core.metrics.JobMetrics;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Everything the operator page shows, gathered in one answer: jobs by status in this gateway's store partitions,
 * this node's throughput and latency over the last minutes, the workers' consumer lag and the dead-letter topic
 * (both cluster-wide, asked of the brokers), and running batches when the batch module reports any.
 */
public final class OperatorOverview {

    /** The page's data; {@code batches} is empty until a batch module reports batches. */
    public record Overview(
            long atMs,
            Map<String, Long> jobsByStatus,
            Map<String, Double> totals,
            MetricsHistory.Series series,
            List<ConsumerLag.PartitionLag> consumerLag,
            DeadLetterTail.Snapshot deadLetters,
            List<RunningBatches.Progress> batches) {
    }

    private final Supplier<Map<JobStatus, Long>> jobsByStatus;
    private final MetricsHistory history;
    private final ConsumerLag lag;
    private final DeadLetterTail deadLetters;
    private final RunningBatches batches;
    private final Clock clock;

    public OperatorOverview(
            Supplier<Map<JobStatus, Long>> jobsByStatus,
            MetricsHistory history,
            ConsumerLag lag,
            DeadLetterTail deadLetters,
            RunningBatches batches,
            Clock clock) {
        this.jobsByStatus = jobsByStatus;
        this.history = history;
        this.lag = lag;
        this.deadLetters = deadLetters;
        this.batches = batches;
        this.clock = clock;
    }

    public Overview now() {
        Map<String, Long> statuses = new LinkedHashMap<>();
        jobsByStatus.get().forEach((status, count) -> {
            if (status != JobStatus.DELETED) {
                statuses.put(status.wire(), count);
            }
        });
        Map<String, Double> totals = new LinkedHashMap<>();
        for (String counter : List.of(JobMetrics.SUBMITTED, JobMetrics.STARTED, JobMetrics.COMPLETED,
                JobMetrics.FAILED, JobMetrics.CANCELLED, JobMetrics.DEAD_LETTERED)) {
            totals.put(counter.substring(counter.lastIndexOf("jobs.") + 5).replace('.', '_'), history.total(counter));
        }
        List<RunningBatches.Progress> running = batches.running();
        return new Overview(clock.millis(), statuses, totals, history.series(), lag.now(), deadLetters.now(),
                running.subList(0, Math.min(RunningBatches.SHOWN, running.size())));
    }
}
