package dev.ferry.webhooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.core.config.WebhookEndpoint;
import dev.ferry.core.config.WebhookSettings;
import dev.ferry.events.EventIds;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The first attempt of every webhook: reads terminal events, finds the endpoints of their owner that want that event
 * type, and makes one delivery to each. A record is settled when each of its deliveries was acknowledged or handed
 * to a delay topic. Events older than the give-up horizon (a new consumer group reading old history) are not sent.
 */
final class EventIntake implements DeliveryLoop.Handler {

    private final WebhookSettings settings;
    private final NoticeReader notices;
    private final Deliverer deliverer;
    private final ObjectMapper mapper;
    private final Clock clock;

    EventIntake(WebhookSettings settings, NoticeReader notices, Deliverer deliverer, ObjectMapper mapper, Clock clock) {
        this.settings = settings;
        this.notices = notices;
        this.deliverer = deliverer;
        this.mapper = mapper;
        this.clock = clock;
    }

    @Override
    public long readyAtMs(ConsumerRecord<String, byte[]> record) {
        return 0;
    }

    @Override
    public CompletableFuture<Void> handle(ConsumerRecord<String, byte[]> record) {
        Optional<Notice> notice = notices.read(record);
        long now = clock.millis();
        if (notice.isEmpty() || notice.get().atMs() < now - settings.giveUpAfter().toMillis()) {
            return CompletableFuture.completedFuture(null);
        }
        List<WebhookEndpoint> targets = settings.endpoints().stream()
                .filter(endpoint -> endpoint.owner().equals(notice.get().owner()) && endpoint.wants(notice.get().type()))
                .toList();
        if (targets.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        String payload = notice.get().payload(mapper);
        return CompletableFuture.allOf(targets.stream()
                .map(endpoint -> deliverer.attempt(new Delivery(
                        EventIds.webhookId(notice.get().eventId(), endpoint.id()), endpoint.id(), endpoint.owner(),
                        notice.get().eventId(), notice.get().type(), payload, now, now, List.of())))
                .toArray(CompletableFuture[]::new));
    }
}
