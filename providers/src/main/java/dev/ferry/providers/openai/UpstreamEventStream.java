package dev.ferry.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.providers.ProviderOutcome;
import dev.ferry.providers.StreamEvent;
import dev.ferry.providers.StreamListener;
import dev.ferry.providers.StreamOutcome;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * One streamed provider call: reads the SSE body line by line as the HTTP client delivers it (no thread of its own),
 * hands each event to the listener, and asks for the next line only once the listener is ready for it. Ends in a
 * {@link StreamOutcome}; a watchdog fails the call when the provider stays silent for the timeout.
 */
final class UpstreamEventStream implements Flow.Subscriber<String> {

    private static final Set<String> TERMINAL_TYPES =
            Set.of("response.completed", "response.failed", "response.incomplete", "error");
    private static final String PING = "response.ping";
    private static final String DONE_MARKER = "[DONE]";
    /** How much longer than the timeout the watchdog waits before the stream opens, so the request timeout wins. */
    private static final Duration OPEN_GRACE = Duration.ofMillis(250);

    private final StreamListener listener;
    private final ObjectMapper mapper;
    private final ProviderStatusClassifier classifier;
    private final Duration timeout;
    private final CompletableFuture<StreamOutcome> outcome = new CompletableFuture<>();
    private final SseFrameReader frames = new SseFrameReader();
    private volatile Flow.Subscription subscription;
    private volatile long lastActivityNanos = System.nanoTime();
    private volatile boolean waitingForListener;
    private volatile boolean terminalSeen;
    private volatile boolean endedByProvider;
    private volatile long delivered;

    UpstreamEventStream(
            StreamListener listener, ObjectMapper mapper, ProviderStatusClassifier classifier, Duration timeout) {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.classifier = Objects.requireNonNull(classifier, "classifier");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** Follows {@code exchange} and returns the outcome; whatever ends the outcome early also aborts the exchange. */
    CompletableFuture<StreamOutcome> follow(CompletableFuture<HttpResponse<ProviderOutcome.Failure>> exchange) {
        exchange.whenComplete((response, failure) -> {
            if (failure != null) {
                fail(failure);
            } else if (response.body() != null) {
                finish(new StreamOutcome.Failed(response.body(), 0));
            }
        });
        outcome.whenComplete((result, failure) -> {
            if (!endedByProvider) {
                Flow.Subscription current = subscription;
                if (current != null) {
                    current.cancel();
                }
                exchange.cancel(true);
            }
        });
        watchIn(timeout.plus(OPEN_GRACE).toNanos());
        return outcome;
    }

    /**
     * Decides how to read the answer: a 2xx event stream is read here line by line; anything else is read whole and
     * becomes the (non-null) body, a failure before the first event.
     */
    HttpResponse.BodySubscriber<ProviderOutcome.Failure> bodyFor(HttpResponse.ResponseInfo info) {
        int status = info.statusCode();
        if (status < 200 || status > 299) {
            return HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofByteArray(), body ->
                    (ProviderOutcome.Failure) classifier.classify(
                            status, info.headers(), body));
        }
        if (!isEventStream(info.headers())) {
            return HttpResponse.BodySubscribers.replacing(classifier.malformedStream("the provider answered "
                    + status + " with Content-Type '" + info.headers().firstValue("Content-Type").orElse("")
                    + "' instead of text/event-stream"));
        }
        listener.onOpen(PassThroughHeaders.of(info.headers()));
        return HttpResponse.BodySubscribers.fromLineSubscriber(this, ignored -> null, StandardCharsets.UTF_8, null);
    }

    @Override
    public void onSubscribe(Flow.Subscription opened) {
        subscription = opened;
        touch();
        if (outcome.isDone()) {
            opened.cancel();
        } else {
            opened.request(1);
        }
    }

    @Override
    public void onNext(String line) {
        touch();
        if (outcome.isDone()) {
            return;
        }
        SseFrameReader.Frame frame = frames.accept(line);
        if (frame == null) {
            requestNext();
        } else {
            deliver(frame);
        }
    }

    @Override
    public void onError(Throwable failure) {
        fail(failure);
    }

    @Override
    public void onComplete() {
        SseFrameReader.Frame unterminated = frames.accept("");
        if (unterminated != null && !outcome.isDone()) {
            deliver(unterminated);
        }
        endedByProvider = true;
        if (terminalSeen) {
            finish(new StreamOutcome.Completed(delivered));
        } else {
            finish(new StreamOutcome.Failed(
                    classifier.streamInterrupted("the provider closed the stream before a terminal event"),
                    delivered));
        }
    }

    private void deliver(SseFrameReader.Frame frame) {
        if (PING.equals(frame.event()) || DONE_MARKER.equals(frame.data().trim()) || terminalSeen) {
            requestNext();
            return;
        }
        JsonNode json = parse(frame.data());
        if (json == null || !json.isObject()) {
            finish(new StreamOutcome.Failed(
                    classifier.malformedStream("an event's data is not a JSON object"), delivered));
            return;
        }
        String type = frame.event() != null ? frame.event() : json.path("type").asText("");
        if (type.isEmpty()) {
            finish(new StreamOutcome.Failed(
                    classifier.malformedStream("an event has neither a name nor a type"), delivered));
            return;
        }
        if (PING.equals(type)) {
            requestNext();
            return;
        }
        terminalSeen = TERMINAL_TYPES.contains(type);
        delivered++; // only this Flow's serialized callbacks write it
        waitingForListener = true;
        try {
            listener.onEvent(new StreamEvent(type, frame.data(), json)).whenComplete((ignored, failure) -> {
                waitingForListener = false;
                touch();
                if (failure == null) {
                    requestNext();
                } else {
                    finish(new StreamOutcome.Failed(classifier.streamInterrupted(
                            "the stream's consumer failed: " + ProviderStatusClassifier.describe(failure)),
                            delivered));
                }
            });
        } catch (RuntimeException bug) {
            finish(new StreamOutcome.Failed(classifier.streamInterrupted(
                    "the stream's consumer failed: " + ProviderStatusClassifier.describe(bug)), delivered));
        }
    }

    private void fail(Throwable failure) {
        if (terminalSeen) {
            finish(new StreamOutcome.Completed(delivered));
        } else if (subscription == null) {
            finish(new StreamOutcome.Failed((ProviderOutcome.Failure) classifier.classify(failure, timeout), 0));
        } else {
            finish(new StreamOutcome.Failed(
                    classifier.streamInterrupted(ProviderStatusClassifier.describe(failure)), delivered));
        }
    }

    private void finish(StreamOutcome result) {
        outcome.complete(result);
    }

    private void requestNext() {
        Flow.Subscription current = subscription;
        if (current != null && !outcome.isDone()) {
            current.request(1);
        }
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
        } else if (subscription == null) {
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

    private static boolean isEventStream(HttpHeaders headers) {
        return headers.firstValue("Content-Type")
                .map(type -> type.trim().toLowerCase(Locale.ROOT).startsWith("text/event-stream"))
                .orElse(true);
    }
}
