package dev.ferry.webhooks;

import java.util.Objects;

/**
 * A delivery given up on, written to the webhook dead-letter topic (key = webhook id) with its whole attempt history,
 * so that an operator can see what happened and send it again.
 */
record WebhookDeadLetter(Delivery delivery, String reason, long gaveUpAtMs) {

    WebhookDeadLetter {
        Objects.requireNonNull(delivery, "delivery");
        Objects.requireNonNull(reason, "reason");
    }
}
