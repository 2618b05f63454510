package dev.ferry.webhooks;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One webhook message to one endpoint and what became of it so far; this is what the delay topics carry between
 * attempts. It names the endpoint by id: the URL and the secret are looked up in the configuration at each attempt
 * and never written to Kafka.
 *
 * @param webhookId the {@code webhook-id} header, the same on every attempt
 * @param payload the request body, the same on every attempt (it is signed afresh with each attempt's timestamp)
 * @param firstAttemptAtMs when it was first tried; the give-up horizon counts from there
 * @param dueAtMs when the next attempt is due
 */
record Delivery(
        String webhookId,
        String endpointId,
        String owner,
        String eventId,
        String eventType,
        String payload,
        long firstAttemptAtMs,
        long dueAtMs,
        List<Attempt> attempts) {

    /** One attempt: when, how long it took, the HTTP status (0 when none came) and why it failed (null if it did not). */
    record Attempt(int number, long atMs, long durationMs, int httpStatus, String error) {
    }

    Delivery {
        Objects.requireNonNull(webhookId, "webhookId");
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(payload, "payload");
        attempts = List.copyOf(attempts);
    }

    Delivery withFailedAttempt(Attempt attempt) {
        List<Attempt> all = new ArrayList<>(attempts);
        all.add(attempt);
        return new Delivery(webhookId, endpointId, owner, eventId, eventType, payload, firstAttemptAtMs, dueAtMs, all);
    }

    Delivery dueAt(long newDueAtMs) {
        return new Delivery(webhookId, endpointId, owner, eventId, eventType, payload, firstAttemptAtMs, newDueAtMs,
                attempts);
    }

    int nextAttemptNumber() {
        return attempts.size() + 1;
    }
}
