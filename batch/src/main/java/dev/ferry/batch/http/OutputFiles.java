package dev.ferry.batch.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.batch.Pause;
import dev.ferry.core.batch.BatchIds;
import dev.ferry.core.batch.BatchLookup;
import dev.ferry.core.batch.BatchRecord;
import dev.ferry.core.batch.BatchStatus;
import dev.ferry.core.error.FerryException;
import dev.ferry.core.job.JobError;
import dev.ferry.core.job.JobRecord;
import dev.ferry.core.job.JobStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;

/**
 * Writes a batch's output or error file as JSON Lines, straight from the job store: the lines' job records are read a
 * page at a time, in line order, and each is written out before the next page is read, so a file of any size is
 * never held. Every line of the batch appears in exactly one of the two files: completed lines in the output file,
 * failed ones (with the provider's status and error) and lines that never ran (cancelled or expired) in the error
 * file. A page the store cannot read for the moment (a rebalance moving the batch's partition, the instance holding it
 * restarting) is asked again for up to {@link #PAGE_PATIENCE}: a download under way is not given up for a pause of
 * a few seconds, and when it must be, the exception reaches {@link Transfers}, which cuts the download off.
 */
final class OutputFiles {

    private static final int PAGE = 500;
    static final Duration PAGE_PATIENCE = Duration.ofSeconds(30);

    private final BatchLookup lookup;
    private final ObjectMapper mapper;
    private final int partitions;
    private final Pause pause;

    OutputFiles(BatchLookup lookup, ObjectMapper mapper, int partitions, Pause pause) {
        this.lookup = lookup;
        this.mapper = mapper;
        this.partitions = partitions;
        this.pause = pause;
    }

    /** @param errors the error file rather than the output file */
    void write(BatchRecord batch, boolean errors, String owner, OutputStream out) throws IOException {
        int total = batch.requestCounts().total();
        for (int from = 0; from < total; from += PAGE) {
            List<JobRecord> lines = page(batch.batchId(), owner, from, Math.min(PAGE, total - from));
            for (int i = 0; i < lines.size(); i++) {
                JobRecord line = lines.get(i);
                boolean completed = line != null && line.status() == JobStatus.COMPLETED;
                if (completed != errors) {
                    writeLine(batch, from + i, line, out);
                }
            }
        }
        out.flush();
    }

    /** Lines {@code from} on, exactly {@code expected} of them: a short page would leave lines out of both files. */
    private List<JobRecord> page(String batchId, String owner, int from, int expected) throws IOException {
        Duration waited = Duration.ZERO;
        while (true) {
            try {
                List<JobRecord> lines = lookup.lines(batchId, owner, from, PAGE);
                if (lines.size() != expected) {
                    throw new FerryException.StoreUnavailable("the job store answered " + lines.size() + " of "
                            + expected + " lines of batch " + batchId + " from line " + from + "; retry shortly",
                            Duration.ofSeconds(1));
                }
                return lines;
            } catch (FerryException.StoreUnavailable notNow) {
                Duration wait = notNow.retryAfter() == null ? Duration.ofSeconds(1) : notNow.retryAfter();
                if (waited.plus(wait).compareTo(PAGE_PATIENCE) > 0) {
                    throw notNow;
                }
                try {
                    pause.pause(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while waiting for the job store");
                }
                waited = waited.plus(wait);
            }
        }
    }

    /** The file's size, by writing it to nowhere. */
    long size(BatchRecord batch, boolean errors, String owner) throws IOException {
        CountingSink sink = new CountingSink();
        write(batch, errors, owner, sink);
        return sink.count;
    }

    private void writeLine(BatchRecord batch, int index, JobRecord line, OutputStream out) throws IOException {
        String jobId = line != null ? line.jobId() : BatchIds.lineJobId(batch.batchId(), index, partitions);
        try (JsonGenerator json = mapper.getFactory().createGenerator(new NonClosing(out))) {
            json.writeStartObject();
            json.writeStringField("id", BatchIds.requestId(jobId));
            json.writeStringField("custom_id", line == null ? null : line.customId());
            if (line != null && line.status() == JobStatus.COMPLETED) {
                writeResponse(json, 200, jobId);
                json.writeFieldName("body");
                mapper.writeValue(json, line.response());
                json.writeEndObject();
                json.writeNullField("error");
            } else if (line != null && line.status() == JobStatus.FAILED && line.error() != null) {
                JobError error = line.error();
                writeResponse(json, error.httpStatus(), jobId);
                json.writeObjectFieldStart("body");
                json.writeObjectFieldStart("error");
                json.writeStringField("message", error.message());
                json.writeStringField("type", error.type());
                json.writeStringField("param", error.param());
                json.writeStringField("code", error.code());
                json.writeEndObject();
                json.writeEndObject();
                json.writeEndObject();
                json.writeNullField("error");
            } else {
                boolean expired = batch.status() == BatchStatus.EXPIRED;
                json.writeNullField("response");
                json.writeObjectFieldStart("error");
                json.writeStringField("code", expired ? "batch_expired" : "batch_cancelled");
                json.writeStringField("message", expired
                        ? "the batch's completion window passed before this request ran"
                        : "the batch was cancelled before this request ran");
                json.writeEndObject();
            }
            json.writeEndObject();
        }
        out.write('\n');
    }

    private static void writeResponse(JsonGenerator json, int status, String jobId) throws IOException {
        json.writeObjectFieldStart("response");
        json.writeNumberField("status_code", status);
        json.writeStringField("request_id", jobId);
    }

    /** Lets a generator be closed per line without closing the response. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    private static final class CountingSink extends OutputStream {
        private long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
