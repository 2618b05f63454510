package dev.ferry.webhooks;

import dev.ferry.core.topic.Topic;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes deliveries that must wait to the delay topic of their remaining wait, and deliveries given up on to the
 * dead-letter topic, keyed by webhook id. Each future completes once the broker acknowledged the record; a refused
 * write is tried again every second, so nothing is committed past a delivery that is not safely somewhere.
 */
final class DeliveryWriter {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWriter.class);
    private static final Duration REWRITE_DELAY = Duration.ofSeconds(1);

    private final Producer<String, byte[]> producer;
    private final RetryTiers tiers;
    private final Topic<String, Delivery> retries;
    private final Topic<String, WebhookDeadLetter> deadLetters;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;

    /** @param retries the serde of delay-topic records (its name is unused: each tier has its own topic) */
    DeliveryWriter(
            Producer<String, byte[]> producer,
            RetryTiers tiers,
            Topic<String, Delivery> retries,
            Topic<String, WebhookDeadLetter> deadLetters,
            Clock clock,
            ScheduledExecutorService scheduler) {
        this.producer = producer;
        this.tiers = tiers;
        this.retries = retries;
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.scheduler = scheduler;
    }

    CompletableFuture<Void> retry(Delivery delivery) {
        String topic = tiers.forRemaining(delivery.dueAtMs() - clock.millis()).topic();
        byte[] value = retries.valueSerde().serializer().serialize(topic, delivery);
        return untilAcked(() -> send(topic, delivery.webhookId(), value), delivery.webhookId());
    }

    CompletableFuture<Void> deadLetter(WebhookDeadLetter letter) {
        log.warn("A webhook delivery was given up on and goes to the dead-letter topic: webhookId={} endpoint={} "
                        + "type={} attempts={} reason={}.", letter.delivery().webhookId(), letter.delivery().endpointId(),
                letter.delivery().eventType(), letter.delivery().attempts().size(), letter.reason());
        byte[] value = deadLetters.valueSerde().serializer().serialize(deadLetters.name(), letter);
        return untilAcked(() -> send(deadLetters.name(), letter.delivery().webhookId(), value),
                letter.delivery().webhookId());
    }

    private CompletableFuture<Void> send(String topic, String key, byte[] value) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, null, clock.millis(), key, value), (metadata, error) -> {
                if (error == null) {
                    scheduler.execute(() -> acked.complete(null));
                } else {
                    scheduler.execute(() -> acked.completeExceptionally(error));
                }
            });
        } catch (RuntimeException e) {
            acked.completeExceptionally(e);
        }
        return acked;
    }

    private CompletableFuture<Void> untilAcked(Supplier<CompletableFuture<Void>> send, String webhookId) {
        return send.get().handle((ok, error) -> {
            if (error == null) {
                return CompletableFuture.<Void>completedFuture(null);
            }
            log.warn("Kafka refused a webhook record; retrying: webhookId={} error={}.", webhookId, error.toString());
            CompletableFuture<Void> retried = new CompletableFuture<>();
            scheduler.schedule(() -> untilAcked(send, webhookId).whenComplete((v, e) -> retried.complete(null)),
                    REWRITE_DELAY.toMillis(), TimeUnit.MILLISECONDS);
            return retried;
        }).thenCompose(future -> future);
    }
}
