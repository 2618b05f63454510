package dev.ferry.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookSettingsTest {

    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);

    private static Map<String, String> endpointEnv(String owner, String url, String secret) {
        Map<String, String> env = new HashMap<>();
        env.put("FERRY_API_KEYS", "team-a=secret-of-team-a");
        env.put("FERRY_WEBHOOK_ENDPOINT_ORDERS_URL", url);
        env.put("FERRY_WEBHOOK_ENDPOINT_ORDERS_OWNER", owner);
        env.put("FERRY_WEBHOOK_ENDPOINT_ORDERS_SECRET", secret);
        return env;
    }

    @Test
    void shouldReadAnEndpointFromTheEnvironmentWithEveryEventTypeByDefault() {
        WebhookSettings settings = FerryConfig.fromEnv(endpointEnv("team-a", "https://hooks.example/a", SECRET))
                .webhooks();

        WebhookEndpoint endpoint = settings.endpoint("orders").orElseThrow();
        assertEquals("team-a", endpoint.owner());
        assertEquals(URI.create("https://hooks.example/a"), endpoint.url());
        assertEquals(Set.copyOf(WebhookEndpoint.EVENT_TYPES), endpoint.eventTypes());
    }

    @Test
    void shouldReadEndpointsFromTheKeysFileBesideCredentials(@TempDir Path dir) throws Exception {
        Path keys = dir.resolve("keys");
        Files.writeString(keys, "api team-a secret-of-team-a\n"
                + "webhook orders team-a https://hooks.example/a " + SECRET + " response.completed,batch.completed\n");

        FerryConfig config = FerryConfig.fromEnv(Map.of("FERRY_KEYS_FILE", keys.toString()));

        assertEquals(1, config.auth().keys().size());
        assertEquals(Set.of("response.completed", "batch.completed"),
                config.webhooks().endpoint("orders").orElseThrow().eventTypes());
    }

    @Test
    void shouldRefuseAnEndpointForAPrincipalThatIsNotConfigured() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> FerryConfig.fromEnv(endpointEnv("nobody", "https://hooks.example/a", SECRET)));

        assertTrue(e.getMessage().contains("owner 'nobody'"), e.getMessage());
    }

    @Test
    void shouldRefuseASecretThatIsNotAStandardWebhooksSecretWithoutEchoingIt() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> FerryConfig.fromEnv(endpointEnv("team-a", "https://hooks.example/a", "whsec_short")));

        assertTrue(e.getMessage().contains("whsec_ followed by base64"), e.getMessage());
        assertFalse(e.getMessage().contains("whsec_short"));
    }

    @Test
    void shouldRefuseAUrlThatIsNotHttp() {
        assertThrows(ConfigException.class,
                () -> FerryConfig.fromEnv(endpointEnv("team-a", "file:///etc/passwd", SECRET)));
    }

    @Test
    void shouldRefuseAnUnknownEventType() {
        Map<String, String> env = endpointEnv("team-a", "https://hooks.example/a", SECRET);
        env.put("FERRY_WEBHOOK_ENDPOINT_ORDERS_EVENTS", "response.completed,job.exploded");

        assertThrows(ConfigException.class, () -> FerryConfig.fromEnv(env));
    }

    @Test
    void shouldNeverPrintTheSecret() {
        WebhookSettings settings = FerryConfig.fromEnv(endpointEnv("team-a", "https://hooks.example/a", SECRET))
                .webhooks();

        assertFalse(settings.endpoint("orders").orElseThrow().toString().contains(SECRET.substring(6)));
    }

    @Test
    void shouldLetAnonymousOwnEndpointsWhileNoCredentialsAreConfigured() {
        Map<String, String> env = endpointEnv("anonymous", "http://127.0.0.1:9/a", SECRET);
        env.remove("FERRY_API_KEYS");

        assertTrue(FerryConfig.fromEnv(env).webhooks().enabled());
    }
}
