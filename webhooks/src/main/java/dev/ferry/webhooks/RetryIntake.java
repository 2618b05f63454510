package dev.ferry.webhooks;

import dev.ferry.core.topic.Topic;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads the delay topics: a record is ready once it has spent its tier's delay there or is due, whichever is sooner
 * ({@link RetryTiers}); then it is tried again if due, or passed on to the tier of the wait that remains.
 */
final class RetryIntake implements DeliveryLoop.Handler {

    private final RetryTiers tiers;
    private final Topic<String, Delivery> retries;
    private final Deliverer deliverer;
    private final DeliveryWriter writer;
    private final Clock clock;

    RetryIntake(RetryTiers tiers, Topic<String, Delivery> retries, Deliverer deliverer, DeliveryWriter writer,
            Clock clock) {
        this.tiers = tiers;
        this.retries = retries;
        this.deliverer = deliverer;
        this.writer = writer;
        this.clock = clock;
    }

    @Override
    public long readyAtMs(ConsumerRecord<String, byte[]> record) {
        Delivery delivery = read(record);
        long tierDelay = tiers.byTopic(record.topic()).delay().toMillis();
        return Math.min(delivery.dueAtMs(), record.timestamp() + tierDelay);
    }

    @Override
    public CompletableFuture<Void> handle(ConsumerRecord<String, byte[]> record) {
        Delivery delivery = read(record);
        return delivery.dueAtMs() <= clock.millis() ? deliverer.attempt(delivery) : writer.retry(delivery);
    }

    private Delivery read(ConsumerRecord<String, byte[]> record) {
        return retries.valueSerde().deserializer().deserialize(record.topic(), record.value());
    }
}
