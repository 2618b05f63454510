package dev.ferry.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Event ids are derived from what the event is about, not drawn at random: a job that runs again after a worker
 * crash reports its end again under the same id, so consumers that deduplicate by id see it once.
 */
public final class EventIds {

    private EventIds() {
    }

    /** {@code evt_} and 32 hex digits, the same for every report of {@code kind} about {@code subject}. */
    public static String of(String subject, String kind) {
        return "evt_" + digest(subject + "/" + kind);
    }

    /** {@code wh_} and 32 hex digits: one webhook message, the same on every retry to that endpoint. */
    public static String webhookId(String eventId, String endpointId) {
        return "wh_" + digest(eventId + "/" + endpointId);
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
