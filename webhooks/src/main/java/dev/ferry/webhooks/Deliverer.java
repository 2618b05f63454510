package dev.ferry.webhooks;

import dev.ferry.core.config.WebhookEndpoint;
import dev.ferry.core.config.WebhookSettings;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * Makes one attempt of a delivery and settles what follows: nothing once the endpoint acknowledged it, otherwise the
 * next attempt on a delay topic or, past the give-up horizon, a dead letter. The future completes when that is done
 * (acknowledged by Kafka where a record is written), which is when the record that led here may be committed.
 */
final class Deliverer {

    private final WebhookSettings settings;
    private final EndpointClient client;
    private final RetrySchedule schedule;
    private final DeliveryWriter writer;
    private final Clock clock;

    Deliverer(
            WebhookSettings settings, EndpointClient client, RetrySchedule schedule, DeliveryWriter writer, Clock clock) {
        this.settings = settings;
        this.client = client;
        this.schedule = schedule;
        this.writer = writer;
        this.clock = clock;
    }

    CompletableFuture<Void> attempt(Delivery delivery) {
        Optional<WebhookEndpoint> endpoint = settings.endpoint(delivery.endpointId());
        if (endpoint.isEmpty()) {
            return writer.deadLetter(new WebhookDeadLetter(delivery, "the endpoint is no longer configured",
                    clock.millis()));
        }
        long startedAtMs = clock.millis();
        return client.send(endpoint.get(), delivery).thenCompose(outcome -> {
            if (outcome instanceof AttemptOutcome.Delivered) {
                return CompletableFuture.<Void>completedFuture(null);
            }
            AttemptOutcome.Failed failure = (AttemptOutcome.Failed) outcome;
            long now = clock.millis();
            Delivery failed = delivery.withFailedAttempt(new Delivery.Attempt(delivery.nextAttemptNumber(),
                    startedAtMs, now - startedAtMs, failure.httpStatus(), failure.error()));
            OptionalLong due = schedule.nextDueAt(failed, failure.retryAfter(), now);
            if (due.isEmpty()) {
                return writer.deadLetter(new WebhookDeadLetter(failed, "still failing after "
                        + failed.attempts().size() + " attempts; the give-up horizon is "
                        + settings.giveUpAfter().toSeconds() + " s", now));
            }
            return writer.retry(failed.dueAt(due.getAsLong()));
        });
    }
}
