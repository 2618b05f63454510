package dev.ferry.app;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What one Ferry process runs. The state store always runs beside ingress, which answers polls from it; webhook
 * delivery runs only where endpoints are configured.
 */
public enum Role {
    INGRESS,
    WORKER,
    WEBHOOKS;

    /** Parses {@code all}, {@code ingress}, {@code worker} or {@code webhooks}. */
    public static Set<Role> parse(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "all" -> EnumSet.allOf(Role.class);
            case "ingress" -> EnumSet.of(INGRESS);
            case "worker" -> EnumSet.of(WORKER);
            case "webhooks" -> EnumSet.of(WEBHOOKS);
            default -> throw new IllegalArgumentException(
                    "unknown role '" + value + "'; use all, ingress, worker, webhooks or mock-provider");
        };
    }
}
