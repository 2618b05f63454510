package dev.ferry.batch;

import dev.ferry.core.batch.BatchLog;
import dev.ferry.core.batch.BatchLookup;
import dev.ferry.core.batch.BatchRecord;
import dev.ferry.core.job.JobControl;
import dev.ferry.ingress.jobs.JobControls;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends batches whose completion window passed: every few seconds it looks through the batches this gateway's store
 * partitions hold and, for each unfinished one past its window, writes a batch cancel marked {@code expired}. The job
 * store then shows the batch {@code expired}, and workers stop its lines as they stop a cancelled batch's: what had
 * finished stays in the output file, the rest is reported in the error file as expired.
 */
public final class BatchExpirer implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(BatchExpirer.class);
    private static final long RESEND_AFTER_MS = 60_000;

    private final BatchLookup local;
    private final BatchWriter writer;
    private final JobControls controls;
    private final Clock clock;
    private final Map<String, Long> sent = new ConcurrentHashMap<>();

    public BatchExpirer(BatchLookup local, BatchWriter writer, JobControls controls, Clock clock) {
        this.local = local;
        this.writer = writer;
        this.controls = controls;
        this.clock = clock;
    }

    @Override
    public void run() {
        try {
            long now = clock.millis();
            sent.values().removeIf(at -> now - at > RESEND_AFTER_MS);
            for (BatchRecord batch : local.overdueBatches(now)) {
                if (sent.putIfAbsent(batch.batchId(), now) == null) {
                    log.info("A batch's completion window passed; it expires: batchId={} finished={} total={}.",
                            batch.batchId(), batch.finishedLines(), batch.requestCounts().total());
                    writer.record(new BatchLog.BatchCancelRequested(batch.batchId(), now, true));
                    controls.send(new JobControl.CancelBatch(batch.batchId(), now, true));
                }
            }
        } catch (RuntimeException e) {
            log.warn("Could not look for expired batches this time: {}.", e.toString());
        }
    }
}
