package dev.ferry.core.config;

import java.net.URI;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One URL an operator configured to receive webhooks for one principal's jobs (and batches). Ferry never calls a URL
 * that is not one of these; requests cannot name one.
 *
 * @param id names the endpoint in logs, retry records and dead letters (never the secret)
 * @param owner the principal whose events go there: a configured credential's id, or {@code anonymous}
 * @param url where events are POSTed
 * @param secret the Standard Webhooks signing secret, {@code whsec_} and base64 of 24 to 64 bytes
 * @param eventTypes the OpenAI webhook event types it wants, a subset of {@link #EVENT_TYPES}
 */
public record WebhookEndpoint(String id, String owner, URI url, Secret secret, Set<String> eventTypes) {

    /** Every event type Ferry delivers, in OpenAI's names. */
    public static final List<String> EVENT_TYPES = List.of(
            "response.completed", "response.failed", "response.cancelled", "response.incomplete",
            "batch.completed", "batch.failed", "batch.cancelled", "batch.expired");

    public static final String SECRET_PREFIX = "whsec_";

    public WebhookEndpoint {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(secret, "secret");
        eventTypes = Set.copyOf(eventTypes);
        if (!EVENT_TYPES.containsAll(eventTypes) || eventTypes.isEmpty()) {
            throw new IllegalArgumentException("event types must be some of " + EVENT_TYPES);
        }
        if (signingKey(secret.value()) == null) {
            throw new IllegalArgumentException("a webhook secret is whsec_ and base64 of 24 to 64 bytes");
        }
    }

    public boolean wants(String eventType) {
        return eventTypes.contains(eventType);
    }

    /** The HMAC key: the base64-decoded part of the secret. */
    public byte[] signingKey() {
        return signingKey(secret.value());
    }

    /** The key of a {@code whsec_} secret, or null if {@code secret} is not one. */
    static byte[] signingKey(String secret) {
        if (!secret.startsWith(SECRET_PREFIX)) {
            return null;
        }
        try {
            byte[] key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
            return key.length >= 24 && key.length <= 64 ? key : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "WebhookEndpoint[id=" + id + ", owner=" + owner + ", url=" + url + ", eventTypes=" + eventTypes + "]";
    }
}
