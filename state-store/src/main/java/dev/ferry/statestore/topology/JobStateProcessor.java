package dev.ferry.statestore.topology;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.events.BatchEvent;
import dev.ferry.core.batch.BatchLog;
import dev.ferry.core.job.JobControl;
import dev.ferry.core.job.JobEnvelope;
import dev.ferry.core.job.JobEvent;
import dev.ferry.core.job.JobRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Folds submissions and worker events into the job store, keeps the expiry index in step, and deletes expired jobs
 * on a wall-clock punctuator. Deletes go through the job store, so their tombstones reach its changelog and an expired
 * job stays deleted after a restore. The expiry index has no changelog: it is rebuilt from the job store whenever the
 * task starts. Entries it still holds from an earlier run are harmless, since the sweep deletes a job only if the job
 * itself says it has expired. Batch and file records, and every change of a batch line's job, are folded into
 * the batch stores in the same step ({@link BatchProgress}).
 */
final class JobStateProcessor implements Processor<String, Object, String, BatchEvent> {

    private final String jobsTopic;
    private final String batchesTopic;
    private final Duration sweepInterval;
    private final JobsTopicProgress progress;
    private final JobsTopicProgress batchesProgress;
    private final ActivePartitions active;
    private final JobStoreMetrics metrics;
    private AtomicLongArray statusCounts;
    private ActivePartitions.Stores opened;
    private final ObjectMapper mapper;
    private ProcessorContext<String, BatchEvent> context;
    private BatchProgress batchProgress;
    private KeyValueStore<String, JobRecord> jobs;
    private KeyValueStore<Bytes, String> expiry;
    private KeyValueStore<String, Long> backlog;

    JobStateProcessor(
            String jobsTopic,
            String batchesTopic,
            Duration sweepInterval,
            JobsTopicProgress progress,
            JobsTopicProgress batchesProgress,
            ActivePartitions active,
            JobStoreMetrics metrics,
            ObjectMapper mapper) {
        this.jobsTopic = jobsTopic;
        this.batchesTopic = batchesTopic;
        this.sweepInterval = sweepInterval;
        this.progress = progress;
        this.batchesProgress = batchesProgress;
        this.active = active;
        this.metrics = metrics;
        this.mapper = mapper;
    }

    @Override
    public void init(ProcessorContext<String, BatchEvent> context) {
        this.context = context;
        this.jobs = context.getStateStore(JobStateTopology.JOB_STORE);
        this.expiry = context.getStateStore(JobStateTopology.EXPIRY_STORE);
        this.backlog = context.getStateStore(JobStateTopology.BACKLOG_STORE);
        KeyValueStore<String, dev.ferry.core.batch.BatchRecord> batches =
                context.getStateStore(JobStateTopology.BATCH_STORE);
        KeyValueStore<String, dev.ferry.core.batch.FileRecord> files =
                context.getStateStore(JobStateTopology.FILE_STORE);
        this.batchProgress = new BatchProgress(context, batches, files, mapper);
        context.schedule(sweepInterval, PunctuationType.WALL_CLOCK_TIME, this::deleteExpired);
        statusCounts = metrics.opened();
        try (KeyValueIterator<String, JobRecord> all = jobs.all()) {
            all.forEachRemaining(entry -> {
                statusCounts.incrementAndGet(entry.value.status().ordinal());
                reindex(null, entry.value);
            });
        }
        opened = new ActivePartitions.Stores(jobs, backlog, batches, files);
        active.opened(context.taskId().partition(), opened);
    }

    @Override
    public void close() {
        if (opened != null) {
            active.closed(context.taskId().partition(), opened);
        }
        if (statusCounts != null) {
            metrics.closed(statusCounts);
        }
    }

    @Override
    public void process(Record<String, Object> record) {
        String jobId = record.key();
        if (jobId == null || record.value() == null) {
            return;
        }
        if (record.value() instanceof BatchLog entry) {
            batchProgress.fold(entry, record.timestamp());
            context.recordMetadata()
                    .filter(meta -> meta.topic().equals(batchesTopic))
                    .ifPresent(meta -> batchesProgress.record(meta.partition(), meta.offset()));
            return;
        }
        if (record.value() instanceof JobControl.CancelBatch cancel) {
            batchProgress.fold(cancel, record.timestamp());
            return;
        }
        JobRecord current = jobs.get(jobId);
        JobRecord next;
        if (record.value() instanceof JobEnvelope submitted) {
            next = JobStateFolder.fold(current, submitted);
        } else if (record.value() instanceof JobControl control) {
            next = JobStateFolder.fold(current, control);
        } else {
            next = JobStateFolder.fold(current, (JobEvent) record.value());
        }
        if (!next.equals(current)) {
            if (current != null) {
                statusCounts.decrementAndGet(current.status().ordinal());
            }
            statusCounts.incrementAndGet(next.status().ordinal());
            jobs.put(jobId, next);
            reindex(current, next);
            recount(current, next);
            batchProgress.lineChanged(current, next, record.timestamp());
        }
        context.recordMetadata()
                .filter(meta -> meta.topic().equals(jobsTopic))
                .ifPresent(meta -> progress.record(meta.partition(), meta.offset()));
    }

    private void reindex(JobRecord current, JobRecord next) {
        Long before = current == null ? null : current.expiresAtMs();
        if (Objects.equals(before, next.expiresAtMs())) {
            return;
        }
        if (before != null) {
            expiry.delete(ExpiryIndex.key(before, next.jobId()));
        }
        if (next.expiresAtMs() != null) {
            expiry.put(ExpiryIndex.key(next.expiresAtMs(), next.jobId()), next.jobId());
        }
    }

    /**
     * Keeps each owner's count of unfinished jobs, whatever order the records came in. Lines of batches are not
     * counted: a batch of 50,000 lines must not use up its owner's backlog quota for interactive jobs.
     */
    private void recount(JobRecord current, JobRecord next) {
        if (unfinished(current) && (!unfinished(next) || !current.owner().equals(next.owner()))) {
            add(current.owner(), -1);
        }
        if (unfinished(next) && (!unfinished(current) || !current.owner().equals(next.owner()))) {
            add(next.owner(), 1);
        }
    }

    private static boolean unfinished(JobRecord job) {
        return job != null && job.owner() != null && job.batchId() == null && !job.status().isTerminal();
    }

    private void add(String owner, long delta) {
        Long count = backlog.get(owner);
        long next = Math.max(0, (count == null ? 0 : count) + delta);
        if (next == 0) {
            backlog.delete(owner);
        } else {
            backlog.put(owner, next);
        }
    }

    private void deleteExpired(long nowMs) {
        List<KeyValue<Bytes, String>> due = new ArrayList<>();
        try (KeyValueIterator<Bytes, String> it = expiry.range(ExpiryIndex.lowest(), ExpiryIndex.upTo(nowMs))) {
            it.forEachRemaining(due::add);
        }
        for (KeyValue<Bytes, String> entry : due) {
            JobRecord job = jobs.get(entry.value);
            if (job != null && job.isExpiredAt(nowMs)) {
                jobs.delete(entry.value);
                statusCounts.decrementAndGet(job.status().ordinal());
                metrics.expired();
            }
            expiry.delete(entry.key);
        }
    }
}
