package dev.ferry.webhooks;

import dev.ferry.core.config.WebhookEndpoint;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes one signed POST to one endpoint, asynchronously. Each endpoint gets at most {@code maxInFlightPerEndpoint}
 * attempts at once; while it answers, a few times that many more wait here for a free slot (a burst to a healthy
 * endpoint is sent as fast as it takes them). Beyond that, or while the endpoint is failing, an attempt fails at once
 * as {@code endpoint_busy} and is retried later from a delay topic: a slow or dead endpoint holds a bounded share of
 * this process and never the deliveries to other endpoints. Each request is signed when it is sent. Redirects are
 * not followed: Ferry calls no URL the operator did not configure.
 */
final class EndpointClient {

    private static final Logger log = LoggerFactory.getLogger(EndpointClient.class);
    static final String BUSY = "endpoint_busy";
    /** Attempts that may wait for a slot, as a multiple of the slots. */
    private static final int QUEUE_FACTOR = 16;

    private final HttpClient http;
    private final Duration timeout;
    private final int maxInFlightPerEndpoint;
    private final Clock clock;
    private final Map<String, Slots> slots = new ConcurrentHashMap<>();
    private final Map<String, Boolean> failing = new ConcurrentHashMap<>();

    /** One endpoint's attempts in flight and those waiting for a slot. */
    private static final class Slots {
        final AtomicInteger open = new AtomicInteger();
        final AtomicInteger waiting = new AtomicInteger();
        final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
    }

    EndpointClient(HttpClient http, Duration timeout, int maxInFlightPerEndpoint, Clock clock) {
        this.http = http;
        this.timeout = timeout;
        this.maxInFlightPerEndpoint = maxInFlightPerEndpoint;
        this.clock = clock;
    }

    CompletableFuture<AttemptOutcome> send(WebhookEndpoint endpoint, Delivery delivery) {
        Slots endpointSlots = slots.computeIfAbsent(endpoint.id(), id -> new Slots());
        if (endpointSlots.open.incrementAndGet() <= maxInFlightPerEndpoint) {
            return post(endpoint, delivery, endpointSlots);
        }
        endpointSlots.open.decrementAndGet();
        boolean healthy = !Boolean.TRUE.equals(failing.get(endpoint.id()));
        if (!healthy || endpointSlots.waiting.incrementAndGet() > maxInFlightPerEndpoint * QUEUE_FACTOR) {
            if (healthy) {
                endpointSlots.waiting.decrementAndGet();
            }
            return CompletableFuture.completedFuture(new AttemptOutcome.Failed(0, Optional.empty(), BUSY));
        }
        CompletableFuture<AttemptOutcome> queued = new CompletableFuture<>();
        endpointSlots.queue.add(() -> post(endpoint, delivery, endpointSlots).whenComplete((outcome, error) -> {
            if (error != null) {
                queued.completeExceptionally(error);
            } else {
                queued.complete(outcome);
            }
        }));
        startWaiting(endpointSlots);
        return queued;
    }

    /** Starts waiting attempts while slots are free (also when one frees up). */
    private void startWaiting(Slots endpointSlots) {
        while (!endpointSlots.queue.isEmpty()) {
            if (endpointSlots.open.incrementAndGet() > maxInFlightPerEndpoint) {
                endpointSlots.open.decrementAndGet();
                return;
            }
            Runnable next = endpointSlots.queue.poll();
            if (next == null) {
                endpointSlots.open.decrementAndGet();
                return;
            }
            endpointSlots.waiting.decrementAndGet();
            next.run();
        }
    }

    /** Sends now, in a slot already taken; frees it and starts the next waiting attempt when done. */
    private CompletableFuture<AttemptOutcome> post(WebhookEndpoint endpoint, Delivery delivery, Slots endpointSlots) {
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(endpoint.url())
                .timeout(timeout)
                .header("content-type", "application/json")
                .header("user-agent", "Ferry-Webhooks/1")
                .header("webhook-id", delivery.webhookId())
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature",
                        WebhookSigner.sign(endpoint.signingKey(), delivery.webhookId(), timestamp, delivery.payload()))
                .POST(HttpRequest.BodyPublishers.ofString(delivery.payload()))
                .build();
        CompletableFuture<HttpResponse<Void>> call;
        try {
            call = http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        return call.handle((response, error) -> {
            endpointSlots.open.decrementAndGet();
            AttemptOutcome outcome = outcome(response, error);
            noteHealth(endpoint, outcome);
            startWaiting(endpointSlots);
            return outcome;
        });
    }

    private static AttemptOutcome outcome(HttpResponse<Void> response, Throwable error) {
        if (error != null) {
            Throwable cause = error.getCause() != null ? error.getCause() : error;
            return new AttemptOutcome.Failed(0, Optional.empty(), cause.getClass().getSimpleName());
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return new AttemptOutcome.Delivered(status);
        }
        return new AttemptOutcome.Failed(status, response.headers().firstValue("retry-after").flatMap(
                EndpointClient::retryAfter), "http_" + status);
    }

    /** {@code Retry-After} as seconds or as an HTTP date. */
    static Optional<Duration> retryAfter(String value) {
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim()))));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                return Optional.of(Duration.between(ZonedDateTime.now(at.getZone()), at)).filter(d -> !d.isNegative());
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }

    /** Logs when an endpoint starts failing and when it answers again, not every attempt. */
    private void noteHealth(WebhookEndpoint endpoint, AttemptOutcome outcome) {
        boolean nowFailing = outcome instanceof AttemptOutcome.Failed;
        Boolean before = failing.put(endpoint.id(), nowFailing);
        if (nowFailing && !Boolean.TRUE.equals(before)) {
            log.warn("A webhook endpoint is failing; its deliveries will be retried: endpoint={} error={}.",
                    endpoint.id(), ((AttemptOutcome.Failed) outcome).error());
        } else if (!nowFailing && Boolean.TRUE.equals(before)) {
            log.info("A webhook endpoint answers again: endpoint={}.", endpoint.id());
        }
    }
}
