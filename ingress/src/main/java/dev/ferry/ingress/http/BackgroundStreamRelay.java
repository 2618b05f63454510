package dev.ferry.ingress.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.job.JobRecord;
import dev.ferry.core.serde.RawJson;
import dev.ferry.core.job.JobStatus;
import dev.ferry.core.job.JobStreamEvent;
import dev.ferry.ingress.streams.JobStreamHub;
import dev.ferry.ingress.streams.JobStreamSink;
import dev.ferry.providers.StreamFailureEvent;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client following a background response's event stream: SSE frames written with non-blocking I/O as the hub
 * delivers them, at most {@value #BUFFERED_EVENTS} written and not yet flushed (beyond that the hub is told to wait,
 * and resumes this client once half have gone out). Ends after the terminal event, or with one made from the job's
 * record when the stream has none (the job ended without streaming: cancelled while queued, say).
 */
final class BackgroundStreamRelay implements JobStreamSink {

    private static final Logger log = LoggerFactory.getLogger(BackgroundStreamRelay.class);
    static final int BUFFERED_EVENTS = 256;
    private static final int TERMINAL_WAIT_CHECKS = 100;
    private static final long TERMINAL_WAIT_MS = 20;

    private final Context ctx;
    private final JobBodies views;
    private final Supplier<JobRecord> currentRecord;
    private final ScheduledExecutorService checks;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private JobRecord record;
    private SseWriter writer;
    private JobStreamHub.Subscription subscription;
    private int unflushed;
    private boolean waitingToResume;
    private boolean ended;
    private long lastSequence;
    private long eventsSinceCheck;

    /**
     * @param record the job as it stood when the client asked
     * @param currentRecord looks the job up again (may block)
     * @param checks runs those look-ups
     */
    BackgroundStreamRelay(Context ctx, JobBodies views, JobRecord record, long startingAfter,
            Supplier<JobRecord> currentRecord, ScheduledExecutorService checks) {
        this.ctx = ctx;
        this.checks = checks;
        this.views = views;
        this.record = record;
        this.currentRecord = currentRecord;
        this.lastSequence = startingAfter;
    }

    /** Opens the event stream; the future completes once it has ended or the client has gone. */
    synchronized CompletableFuture<Void> open(JobStreamHub hub, long fromTimestampMs) {
        try {
            HttpServletResponse response = ctx.res();
            response.setStatus(200);
            response.setContentType("text/event-stream");
            response.setHeader("Cache-Control", "no-cache");
            response.setHeader("Connection", "keep-alive");
            response.setHeader("Access-Control-Allow-Origin", "*");
            writer = new SseWriter(response.getOutputStream(), this::clientGone);
        } catch (IOException | RuntimeException e) {
            done.complete(null);
            return done;
        }
        if (record.status().isTerminal() && record.startedAtMs() == null) {
            endFromRecord(); // ended before any worker ran it: there is no stream to read
            return done;
        }
        subscription = hub.subscribe(record.jobId(), fromTimestampMs, lastSequence, this);
        return done;
    }

    @Override
    public synchronized boolean offer(JobStreamEvent event) {
        if (ended) {
            return true;
        }
        if (event.isControl()) {
            end();
            return true;
        }
        if (unflushed >= BUFFERED_EVENTS) {
            waitingToResume = true;
            return false;
        }
        unflushed++;
        eventsSinceCheck++;
        lastSequence = event.sequence();
        byte[] frame = SseFrames.frame(event.type(), new String(event.data(), StandardCharsets.UTF_8));
        if (event.isTerminal() && !record.status().isTerminal()) {
            ended = true; // nothing more is taken; the last frame waits for the job store
            subscription.cancel();
            checks.execute(() -> awaitRecordedEnd(frame, TERMINAL_WAIT_CHECKS));
            return true;
        }
        writer.write(frame).whenComplete((flushed, failure) -> flushed());
        if (event.isTerminal()) {
            end();
        }
        return true;
    }

    /**
     * Writes the terminal frame once the job store has the job's end too (the worker records it first), so that a
     * client that retrieves the response right after its stream ended finds it ended; gives up waiting after
     * {@value #TERMINAL_WAIT_CHECKS} checks {@value #TERMINAL_WAIT_MS} ms apart.
     */
    private void awaitRecordedEnd(byte[] frame, int checksLeft) {
        JobRecord now;
        try {
            now = currentRecord.get();
        } catch (RuntimeException unavailable) {
            now = null;
        }
        if ((now == null || !now.status().isTerminal()) && checksLeft > 0) {
            checks.schedule(() -> awaitRecordedEnd(frame, checksLeft - 1), TERMINAL_WAIT_MS, TimeUnit.MILLISECONDS);
            return;
        }
        synchronized (this) {
            writer.write(frame);
            writer.close().whenComplete((ignored, failure) -> done.complete(null));
        }
    }

    @Override
    public synchronized void caughtUp() {
        if (record.status().isTerminal()) {
            endFromRecord(); // the job had ended when the client asked, and its stream holds no terminal event
        }
    }

    @Override
    public synchronized void failed(Throwable cause) {
        if (!ended) {
            ObjectNode error = views.streamError("the gateway stopped relaying this stream; resume it with "
                    + "starting_after=" + lastSequence, lastSequence + 1);
            writer.write(SseFrames.frame("error", error.toString()));
            end();
        }
    }

    /**
     * Called now and then while the stream is open: a stream that stayed quiet since the last call ends with an
     * event made from the job's record if the job has ended meanwhile (a worker that never streamed it).
     *
     * @return false once the relay has ended
     */
    boolean check() {
        synchronized (this) {
            if (ended) {
                return false;
            }
            if (eventsSinceCheck > 0) {
                eventsSinceCheck = 0;
                return true;
            }
        }
        JobRecord now;
        try {
            now = currentRecord.get();
        } catch (RuntimeException goneOrUnavailable) {
            now = null;
        }
        synchronized (this) {
            if (now != null && now.status().isTerminal() && !ended && eventsSinceCheck == 0) {
                record = now;
                endFromRecord();
            }
            return !ended;
        }
    }

    private void endFromRecord() {
        long sequence = lastSequence + 1;
        if (record.status() == JobStatus.COMPLETED) {
            ObjectNode event = views.streamEvent("response.completed", sequence);
            event.putRawValue("response", RawJson.ofBytes(views.backgroundResponse(record)).asTreeValue());
            writer.write(SseFrames.frame("response.completed", event.toString()));
        } else if (record.status() == JobStatus.FAILED && record.error() != null) {
            ObjectNode event = StreamFailureEvent.of(record.error(), record.jobId(), record.model(), sequence);
            writer.write(SseFrames.frame(event.get("type").asText(), event.toString()));
        }
        end();
    }

    private synchronized void flushed() {
        unflushed--;
        if (waitingToResume && unflushed <= BUFFERED_EVENTS / 2 && !ended) {
            waitingToResume = false;
            subscription.resume();
        }
    }

    private void end() {
        if (ended) {
            return;
        }
        ended = true;
        if (subscription != null) {
            subscription.cancel();
        }
        writer.close().whenComplete((ignored, failure) -> done.complete(null));
    }

    private synchronized void clientGone(Throwable cause) {
        log.debug("A client following a background stream went away: jobId={} cause={}.", record.jobId(),
                cause.toString());
        ended = true;
        if (subscription != null) {
            subscription.cancel();
        }
        done.complete(null);
    }
}
