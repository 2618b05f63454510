package dev.ferry.statestore.topology;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.core.batch.BatchLog;
import dev.ferry.core.batch.BatchRecord;
import dev.ferry.core.batch.BatchStatus;
import dev.ferry.core.batch.BatchUsage;
import dev.ferry.core.batch.FileRecord;
import dev.ferry.core.job.JobControl;
import dev.ferry.core.job.JobRecord;
import dev.ferry.core.job.JobStatus;

/**
 * Folds a batch's records and its lines' progress into its {@link BatchRecord}, and a file's records into its
 * {@link FileRecord}. Like {@link JobStateFolder}, every rule gives the same record whatever order the co-partitioned
 * topics are read in: facts are kept (creation, validation, cancel, counts) and the status is derived from them,
 * except that a batch that has ended keeps the status it ended with. Line counts change only when a line's job
 * record changes category (unfinished, completed, failed, stopped), so a line folded twice is counted once.
 */
final class BatchFolder {

    /** What a line's job record counts as in its batch. */
    enum LineState { UNFINISHED, COMPLETED, FAILED, STOPPED }

    private BatchFolder() {
    }

    static FileRecord fold(FileRecord current, BatchLog entry) {
        if (entry instanceof BatchLog.FileStored stored) {
            return new FileRecord(stored.fileId(), stored.owner(), stored.filename(), stored.purpose(), stored.bytes(),
                    stored.atMs(), stored.partition(), stored.firstOffset(), stored.lastOffset(), stored.chunks(),
                    current != null && current.deleted());
        }
        FileRecord base = current != null ? current
                : new FileRecord(entry.key(), null, null, null, 0, entry.atMs(), 0, 0, -1, 0, false);
        return new FileRecord(base.fileId(), base.owner(), base.filename(), base.purpose(), base.bytes(),
                base.createdAtMs(), base.partition(), base.firstOffset(), base.lastOffset(), base.chunks(), true);
    }

    static BatchRecord fold(BatchRecord current, BatchLog entry) {
        BatchRecord base = current != null ? current : placeholder(entry.key());
        if (entry instanceof BatchLog.BatchCreated created) {
            return derive(base, new BatchRecord(base.batchId(), created.owner(), created.inputFileId(),
                    created.endpoint(), created.completionWindow(), created.metadata(), base.status(), created.atMs(),
                    created.expiresAtMs(), base.total(), base.validatedAtMs(), base.errors(), base.rejectedAtMs(),
                    base.cancelRequestedAtMs(), base.expiredAtMs(), base.completed(), base.failed(),
                    base.cancelledLines(), base.lastLineAtMs(), base.usage()));
        }
        if (entry instanceof BatchLog.BatchCancelRequested cancel) {
            return fold(current, new JobControl.CancelBatch(cancel.batchId(), cancel.atMs(), cancel.expired()));
        }
        if (entry instanceof BatchLog.BatchValidated validated) {
            return derive(base, with(base, validated.total(), earliest(base.validatedAtMs(), validated.atMs()),
                    base.errors(), base.rejectedAtMs()));
        }
        BatchLog.BatchRejected rejected = (BatchLog.BatchRejected) entry;
        return derive(base, with(base, base.total(), base.validatedAtMs(), rejected.errors(),
                earliest(base.rejectedAtMs(), rejected.atMs())));
    }

    static BatchRecord fold(BatchRecord current, JobControl.CancelBatch cancel) {
        BatchRecord base = current != null ? current : placeholder(cancel.batchId());
        Long cancelAt = cancel.expired() ? base.cancelRequestedAtMs() : earliest(base.cancelRequestedAtMs(), cancel.atMs());
        Long expiredAt = cancel.expired() ? earliest(base.expiredAtMs(), cancel.atMs()) : base.expiredAtMs();
        return derive(base, new BatchRecord(base.batchId(), base.owner(), base.inputFileId(), base.endpoint(),
                base.completionWindow(), base.metadata(), base.status(), base.createdAtMs(), base.expiresAtMs(),
                base.total(), base.validatedAtMs(), base.errors(), base.rejectedAtMs(), cancelAt, expiredAt,
                base.completed(), base.failed(), base.cancelledLines(), base.lastLineAtMs(), base.usage()));
    }

    /** A line's job record went from {@code before} to {@code after}; null when its category did not change. */
    static BatchRecord foldLine(BatchRecord current, String batchId, JobRecord before, JobRecord after,
            ObjectMapper mapper) {
        LineState was = stateOf(before);
        LineState is = stateOf(after);
        if (was == is) {
            return null;
        }
        BatchRecord base = current != null ? current : placeholder(batchId);
        int completed = base.completed() + delta(LineState.COMPLETED, was, is);
        int failed = base.failed() + delta(LineState.FAILED, was, is);
        int stopped = base.cancelledLines() + delta(LineState.STOPPED, was, is);
        BatchUsage usage = base.usage();
        if (was == LineState.COMPLETED) {
            usage = usage.minus(BatchUsage.of(before.response().field("usage", mapper)));
        }
        if (is == LineState.COMPLETED) {
            usage = usage.plus(BatchUsage.of(after.response().field("usage", mapper)));
        }
        Long lastLineAt = base.lastLineAtMs();
        if (is != LineState.UNFINISHED && after.completedAtMs() != null) {
            lastLineAt = lastLineAt == null ? after.completedAtMs() : Math.max(lastLineAt, after.completedAtMs());
        }
        return derive(base, new BatchRecord(base.batchId(), base.owner(), base.inputFileId(), base.endpoint(),
                base.completionWindow(), base.metadata(), base.status(), base.createdAtMs(), base.expiresAtMs(),
                base.total(), base.validatedAtMs(), base.errors(), base.rejectedAtMs(), base.cancelRequestedAtMs(),
                base.expiredAtMs(), completed, failed, stopped, lastLineAt, usage));
    }

    static LineState stateOf(JobRecord job) {
        if (job == null || job.batchId() == null || job.owner() == null || !job.status().isTerminal()) {
            return LineState.UNFINISHED;
        }
        if (job.status() == JobStatus.COMPLETED) {
            return LineState.COMPLETED;
        }
        return job.status() == JobStatus.FAILED ? LineState.FAILED : LineState.STOPPED;
    }

    private static int delta(LineState counted, LineState was, LineState is) {
        return (is == counted ? 1 : 0) - (was == counted ? 1 : 0);
    }

    /**
     * The status the facts of {@code next} give, unless the batch had already ended. A batch whose lines all ended,
     * some stopped, before the cancel (or expiry) that stopped them was folded reads as cancelled until that record
     * comes, which then gives the final word.
     */
    private static BatchRecord derive(BatchRecord before, BatchRecord next) {
        boolean stoppedAwaitingWhy = before.status() == BatchStatus.CANCELLED && before.cancelRequestedAtMs() == null
                && before.expiredAtMs() == null;
        boolean ended = before.owner() != null && before.status().isTerminal() && !stoppedAwaitingWhy;
        BatchStatus status = ended ? before.status() : statusOf(next);
        if (status == next.status()) {
            return next;
        }
        return new BatchRecord(next.batchId(), next.owner(), next.inputFileId(), next.endpoint(),
                next.completionWindow(), next.metadata(), status, next.createdAtMs(), next.expiresAtMs(), next.total(),
                next.validatedAtMs(), next.errors(), next.rejectedAtMs(), next.cancelRequestedAtMs(),
                next.expiredAtMs(), next.completed(), next.failed(), next.cancelledLines(), next.lastLineAtMs(),
                next.usage());
    }

    private static BatchStatus statusOf(BatchRecord batch) {
        boolean cancelling = batch.cancelRequestedAtMs() != null;
        if (batch.rejectedAtMs() != null) {
            return BatchStatus.FAILED;
        }
        if (batch.expiredAtMs() != null) {
            return BatchStatus.EXPIRED;
        }
        if (batch.total() == null) {
            return cancelling ? BatchStatus.CANCELLING : BatchStatus.VALIDATING;
        }
        if (batch.finishedLines() >= batch.total()) {
            return cancelling || batch.cancelledLines() > 0 ? BatchStatus.CANCELLED : BatchStatus.COMPLETED;
        }
        return cancelling ? BatchStatus.CANCELLING : BatchStatus.IN_PROGRESS;
    }

    private static BatchRecord with(BatchRecord base, Integer total, Long validatedAt,
            java.util.List<dev.ferry.core.batch.BatchLineError> errors, Long rejectedAt) {
        return new BatchRecord(base.batchId(), base.owner(), base.inputFileId(), base.endpoint(),
                base.completionWindow(), base.metadata(), base.status(), base.createdAtMs(), base.expiresAtMs(), total,
                validatedAt, errors, rejectedAt, base.cancelRequestedAtMs(), base.expiredAtMs(), base.completed(),
                base.failed(), base.cancelledLines(), base.lastLineAtMs(), base.usage());
    }

    private static Long earliest(Long current, long atMs) {
        return current == null ? Long.valueOf(atMs) : Long.valueOf(Math.min(current, atMs));
    }

    /** Line results or a cancel arrived before the batch's creation: keep them until it comes. */
    private static BatchRecord placeholder(String batchId) {
        return new BatchRecord(batchId, null, null, null, null, null, BatchStatus.VALIDATING, 0, 0, null, null, null,
                null, null, null, 0, 0, 0, null, BatchUsage.NONE);
    }
}
