package dev.ferry.core.config;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Webhook delivery: the endpoints operators configured and how deliveries are retried.
 *
 * <p>Endpoints come from the keys file, one {@value #KEYS_FILE_FORMAT} line each, or from the environment:
 * {@code FERRY_WEBHOOK_ENDPOINT_<ID>_URL}, {@code _OWNER}, {@code _SECRET} and optionally {@code _EVENTS}
 * (comma-separated; all types when absent).
 *
 * @param groupId consumer group of the delivering processes
 * @param retryTopicPrefix delay topics are this prefix and a tier ({@code webhook-retry-10s}, …)
 * @param deadLetterTopic deliveries given up on, with their attempt history
 * @param attemptTimeout an endpoint that has not answered within this fails the attempt
 * @param retryBaseDelay the first retry's delay; each further one doubles it (±20 % jitter), up to retryMaxDelay
 * @param giveUpAfter deliveries still failing this long after their first attempt go to the dead-letter topic
 * @param maxInFlightPerEndpoint attempts one process keeps open to one endpoint; while it answers, up to 16 times as
 *     many wait for a slot, and more are retried later as if they had failed
 */
public record WebhookSettings(
        List<WebhookEndpoint> endpoints,
        String groupId,
        String retryTopicPrefix,
        String deadLetterTopic,
        Duration attemptTimeout,
        Duration retryBaseDelay,
        Duration retryMaxDelay,
        Duration giveUpAfter,
        int maxInFlightPerEndpoint) {

    static final String KEYS_FILE_KIND = "webhook";
    static final String KEYS_FILE_FORMAT = "webhook <endpoint-id> <owner> <url> <whsec_secret> [<event,types>]";
    private static final String ENV_PREFIX = "FERRY_WEBHOOK_ENDPOINT_";
    private static final String ID_PATTERN = "[A-Za-z0-9._-]{1,64}";

    public WebhookSettings {
        endpoints = List.copyOf(endpoints);
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(retryTopicPrefix, "retryTopicPrefix");
        Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
        Objects.requireNonNull(attemptTimeout, "attemptTimeout");
        Objects.requireNonNull(retryBaseDelay, "retryBaseDelay");
        Objects.requireNonNull(retryMaxDelay, "retryMaxDelay");
        Objects.requireNonNull(giveUpAfter, "giveUpAfter");
        if (maxInFlightPerEndpoint < 1) {
            throw new IllegalArgumentException("maxInFlightPerEndpoint must be positive");
        }
    }

    public boolean enabled() {
        return !endpoints.isEmpty();
    }

    public Optional<WebhookEndpoint> endpoint(String id) {
        return endpoints.stream().filter(endpoint -> endpoint.id().equals(id)).findFirst();
    }

    static WebhookSettings from(Env env, List<KeysFile.Line> keysFile, AuthSettings auth) {
        List<WebhookEndpoint> endpoints = new ArrayList<>();
        for (KeysFile.Line line : keysFile) {
            if (!line.kind().equals(KEYS_FILE_KIND)) {
                continue;
            }
            List<String> f = line.fields();
            if (f.size() < 5 || f.size() > 6) {
                env.problem(line.where() + ": expected '" + KEYS_FILE_FORMAT + "'");
                continue;
            }
            endpoint(env, line.where(), f.get(1), f.get(2), f.get(3), f.get(4), f.size() == 6 ? f.get(5) : null, auth)
                    .ifPresent(endpoints::add);
        }
        for (String variable : env.namesStartingWith(ENV_PREFIX)) {
            if (variable.endsWith("_URL")) {
                String upper = variable.substring(ENV_PREFIX.length(), variable.length() - "_URL".length());
                String prefix = ENV_PREFIX + upper;
                endpoint(env, prefix + "_*", upper.toLowerCase(Locale.ROOT).replace('_', '-'),
                        env.string(prefix + "_OWNER", ""), env.string(variable, ""), env.string(prefix + "_SECRET", ""),
                        env.optional(prefix + "_EVENTS").orElse(null), auth).ifPresent(endpoints::add);
            }
        }
        Set<String> ids = new HashSet<>();
        endpoints.stream().filter(endpoint -> !ids.add(endpoint.id()))
                .forEach(endpoint -> env.problem("webhook endpoint '" + endpoint.id() + "' is configured twice"));
        return new WebhookSettings(
                endpoints,
                env.string("FERRY_WEBHOOKS_GROUP_ID", "ferry-webhooks"),
                env.string("FERRY_WEBHOOK_RETRY_TOPIC_PREFIX", "webhook-retry"),
                env.string("FERRY_WEBHOOK_DEAD_LETTER_TOPIC", "webhooks-dlq"),
                env.millis("FERRY_WEBHOOK_TIMEOUT_MS", Duration.ofSeconds(10), 100, 600_000),
                env.millis("FERRY_WEBHOOK_RETRY_BASE_DELAY_MS", Duration.ofSeconds(5), 10, 3_600_000),
                env.millis("FERRY_WEBHOOK_RETRY_MAX_DELAY_MS", Duration.ofHours(1), 10, 24 * 3_600_000L),
                env.seconds("FERRY_WEBHOOK_GIVE_UP_AFTER_SECONDS", Duration.ofHours(72), 1, 30L * 24 * 3600),
                env.integer("FERRY_WEBHOOK_MAX_IN_FLIGHT_PER_ENDPOINT", 64, 1, 10_000));
    }

    private static Optional<WebhookEndpoint> endpoint(
            Env env, String where, String id, String owner, String url, String secret, String types, AuthSettings auth) {
        int before = env.problemCount();
        if (!id.matches(ID_PATTERN)) {
            env.problem(where + ": webhook endpoint ids are 1-64 letters, digits, '.', '_' or '-'");
        }
        if (!auth.knowsPrincipal(owner)) {
            env.problem(where + ": the owner '" + owner + "' is not a configured credential id"
                    + (auth.enabled() ? "" : " (with none configured, every job belongs to 'anonymous')"));
        }
        Optional<URI> uri = httpUrl(url);
        if (uri.isEmpty()) {
            env.problem(where + ": the webhook URL must be an http(s) URL");
        }
        if (WebhookEndpoint.signingKey(secret) == null) {
            env.problem(where + ": the webhook secret must be whsec_ followed by base64 of 24 to 64 bytes");
        }
        Set<String> eventTypes = types == null ? new LinkedHashSet<>(WebhookEndpoint.EVENT_TYPES) : new LinkedHashSet<>();
        if (types != null) {
            for (String type : types.split(",")) {
                if (WebhookEndpoint.EVENT_TYPES.contains(type.trim())) {
                    eventTypes.add(type.trim());
                } else {
                    env.problem(where + ": unknown webhook event type '" + type.trim() + "'; known: "
                            + String.join(", ", WebhookEndpoint.EVENT_TYPES));
                }
            }
        }
        if (env.problemCount() != before || eventTypes.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new WebhookEndpoint(id, owner, uri.get(), new Secret(secret), eventTypes));
    }

    private static Optional<URI> httpUrl(String value) {
        try {
            URI uri = new URI(value);
            boolean http = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
            return http && uri.getHost() != null ? Optional.of(uri) : Optional.empty();
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "WebhookSettings[" + endpoints.size() + " endpoints, groupId=" + groupId + "]";
    }
}
