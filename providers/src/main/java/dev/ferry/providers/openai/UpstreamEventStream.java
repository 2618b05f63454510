package dev.ferry.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.providers.ProviderOutcome;
import dev.ferry.providers.StreamEvent;
import dev.ferry.providers.StreamListener;
import dev.ferry.providers.StreamOutcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;

/**
 * One streamed provider call: reads the SSE body chunk by chunk as the HTTP client receives it (no thread of its own),
 * hands each event to the listener, and reads on only once the listener is ready for the next. Ends in a
 * {@link StreamOutcome}; a watchdog fails the call when the provider stays silent for the timeout, before the stream
 * opens as after.
 */
final class UpstreamEventStream implements Response.Listener {

    private static final Set<String> TERMINAL_TYPES =
            Set.of("response.completed", "response.failed", "response.incomplete", "error");
    private static final String PING = "response.ping";
    private static final String DONE_MARKER = "[DONE]";

    private final StreamListener listener;
    private final ObjectMapper mapper;
    private final ProviderStatusClassifier classifier;
    private final Duration timeout;
    private final BooleanSupplier clientClosing;
    private final CompletableFuture<StreamOutcome> outcome = new CompletableFuture<>();
    private final SseLineSplitter lines = new SseLineSplitter();
    private final SseFrameReader frames = new SseFrameReader();
    /** Requests to run {@link #read()}; whoever raises it from zero reads until it drops back, so reads never nest. */
    private final AtomicInteger readRequests = new AtomicInteger();
    private final Runnable readOn = this::readOn;
    private volatile Content.Source body;
    private volatile Refusal refusal;
    private volatile long lastActivityNanos = System.nanoTime();
    private volatile boolean opened;
    private volatile boolean waitingForListener;
    private volatile boolean terminalSeen;
    private volatile boolean endedByProvider;
    private volatile long delivered;
    private boolean bodyEnded;

    /** A non-2xx answer, whose body is read whole and then classified. */
    private record Refusal(int status, HttpFields headers, ByteArrayOutputStream body) {
    }

    /**
     * @param clientClosing true once the HTTP client is being closed: a failure then leaves the outcome unfinished,
     *     like the call it aborted
     */
    UpstreamEventStream(StreamListener listener, ObjectMapper mapper, ProviderStatusClassifier classifier,
            Duration timeout, BooleanSupplier clientClosing) {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.clientClosing = Objects.requireNonNull(clientClosing, "clientClosing");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.classifier = Objects.requireNonNull(classifier, "classifier");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** Sends {@code request} and returns the outcome; whatever ends the outcome early also aborts the exchange. */
    CompletableFuture<StreamOutcome> follow(Request request) {
        outcome.whenComplete((result, failure) -> {
            if (!endedByProvider) {
                request.abort(new CancellationException("the stream's outcome is settled"));
            }
        });
        watchIn(timeout.toNanos());
        request.send(this);
        return outcome;
    }

    /**
     * Decides how to read the answer: a 2xx event stream is read event by event; anything else is read whole and
     * becomes a failure before the first event.
     */
    @Override
    public void onHeaders(Response response) {
        touch();
        int status = response.getStatus();
        if (status < 200 || status > 299) {
            refusal = new Refusal(status, response.getHeaders(), new ByteArrayOutputStream());
            return;
        }
        String contentType = response.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (contentType != null && !contentType.trim().toLowerCase(Locale.ROOT).startsWith("text/event-stream")) {
            finish(new StreamOutcome.Failed(classifier.malformedStream("the provider answered " + status
                    + " with Content-Type '" + contentType + "' instead of text/event-stream"), 0));
            return;
        }
        opened = true;
        listener.onOpen(PassThroughHeaders.of(response.getHeaders()));
    }

    @Override
    public void onContentSource(Response response, Content.Source source) {
        body = source;
        readOn();
    }

    @Override
    public void onComplete(Result result) {
        if (result.isFailed()) {
            fail(result.getFailure());
        }
    }

    private void readOn() {
        if (readRequests.getAndIncrement() != 0) {
            return;
        }
        do {
            read();
        } while (readRequests.decrementAndGet() != 0);
    }

    /** Reads and hands over events until the listener must be waited for, the body has no more yet, or it ended. */
    private void read() {
        while (!outcome.isDone()) {
            String line = lines.next();
            if (line != null) {
                SseFrameReader.Frame frame = frames.accept(line);
                if (frame != null && !handOverAndGoOn(frame)) {
                    return;
                }
                continue;
            }
            if (bodyEnded) {
                end();
                return;
            }
            Content.Chunk chunk = body.read();
            if (chunk == null) {
                body.demand(readOn);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                fail(chunk.getFailure());
                return;
            }
            touch();
            take(chunk.getByteBuffer());
            bodyEnded = chunk.isLast();
            chunk.release();
        }
    }

    private void take(ByteBuffer bytes) {
        Refusal refused = refusal;
        if (refused == null) {
            lines.feed(bytes);
        } else {
            byte[] copy = new byte[bytes.remaining()];
            bytes.get(copy);
            refused.body().writeBytes(copy);
        }
    }

    /** The provider ended the body. */
    private void end() {
        endedByProvider = true;
        Refusal refused = refusal;
        if (refused != null) {
            finish(new StreamOutcome.Failed((ProviderOutcome.Failure) classifier.classify(
                    refused.status(), refused.headers(), refused.body().toByteArray()), 0));
            return;
        }
        String rest = lines.rest();
        if (rest != null) {
            frames.accept(rest); // a line that is not blank never completes a frame
        }
        SseFrameReader.Frame unterminated = frames.accept("");
        if (unterminated != null) {
            handOver(unterminated);
        }
        if (terminalSeen) {
            finish(new StreamOutcome.Completed(delivered));
        } else {
            finish(new StreamOutcome.Failed(
                    classifier.streamInterrupted("the provider closed the stream before a terminal event"),
                    delivered));
        }
    }

    /** Hands the frame over; true when reading may go on at once, false when the listener has to be waited for. */
    private boolean handOverAndGoOn(SseFrameReader.Frame frame) {
        CompletionStage<?> ready = handOver(frame);
        if (ready == null) {
            return !outcome.isDone();
        }
        waitingForListener = true;
        ready.whenComplete((ignored, failure) -> {
            waitingForListener = false;
            touch();
            if (failure == null) {
                readOn();
            } else {
                finish(new StreamOutcome.Failed(classifier.streamInterrupted(
                        "the stream's consumer failed: " + ProviderStatusClassifier.describe(failure)),
                        delivered));
            }
        });
        return false;
    }

    /** Hands one frame to the listener; the stage it answers, or null when nothing was handed over. */
    private CompletionStage<?> handOver(SseFrameReader.Frame frame) {
        if (PING.equals(frame.event()) || DONE_MARKER.equals(frame.data().trim()) || terminalSeen) {
            return null;
        }
        JsonNode json = parse(frame.data());
        if (json == null || !json.isObject()) {
            finish(new StreamOutcome.Failed(
                    classifier.malformedStream("an event's data is not a JSON object"), delivered));
            return null;
        }
        String type = frame.event() != null ? frame.event() : json.path("type").asText("");
        if (type.isEmpty()) {
            finish(new StreamOutcome.Failed(
                    classifier.malformedStream("an event has neither a name nor a type"), delivered));
            return null;
        }
        if (PING.equals(type)) {
            return null;
        }
        terminalSeen = TERMINAL_TYPES.contains(type);
        delivered++; // only the one reading at a time writes it
        try {
            return listener.onEvent(new StreamEvent(type, frame.data(), json));
        } catch (RuntimeException bug) {
            finish(new StreamOutcome.Failed(classifier.streamInterrupted(
                    "the stream's consumer failed: " + ProviderStatusClassifier.describe(bug)), delivered));
            return null;
        }
    }

    private void fail(Throwable failure) {
        if (clientClosing.getAsBoolean()) {
            return;
        }
        if (terminalSeen) {
            finish(new StreamOutcome.Completed(delivered));
        } else if (!opened) {
            finish(new StreamOutcome.Failed((ProviderOutcome.Failure) classifier.classify(failure, timeout), 0));
        } else {
            finish(new StreamOutcome.Failed(
                    classifier.streamInterrupted(ProviderStatusClassifier.describe(failure)), delivered));
        }
    }

    private void finish(StreamOutcome result) {
        outcome.complete(result);
    }

    private void touch() {
        lastActivityNanos = System.nanoTime();
    }

    private void watchIn(long delayNanos) {
        CompletableFuture.delayedExecutor(delayNanos, TimeUnit.NANOSECONDS).execute(this::watch);
    }

    /** The watchdog: the provider must send something within the timeout unless the listener is holding it back. */
    private void watch() {
        if (outcome.isDone()) {
            return;
        }
        long timeoutNanos = timeout.toNanos();
        long idle = System.nanoTime() - lastActivityNanos;
        if (waitingForListener || idle < timeoutNanos) {
            watchIn(waitingForListener ? timeoutNanos : timeoutNanos - idle);
        } else if (terminalSeen) {
            finish(new StreamOutcome.Completed(delivered));
        } else if (!opened) {
            finish(new StreamOutcome.Failed((ProviderOutcome.Failure) classifier.timeout(timeout), 0));
        } else {
            finish(new StreamOutcome.Failed(classifier.streamStalled(timeout), delivered));
        }
    }

    private JsonNode parse(String data) {
        try {
            return mapper.readTree(data);
        } catch (IOException notJson) {
            return null;
        }
    }
}
