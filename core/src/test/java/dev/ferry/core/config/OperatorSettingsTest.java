package dev.ferry.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Operators (admin credentials) and the metrics settings, as the environment and the keys file give them. */
class OperatorSettingsTest {

    @Test
    void shouldMakeACredentialAnOperatorWhenFerryAdminsNamesIt() {
        AuthSettings auth = FerryConfig.fromEnv(Map.of("FERRY_BASIC_USERS", "ops=ops-password-1,bob=bob-password-1",
                "FERRY_ADMINS", "ops")).auth();
        assertTrue(auth.isAdmin("ops"));
        assertFalse(auth.isAdmin("bob"));
    }

    @Test
    void shouldMakeAKeysFileLineEndingInAdminAnOperator(@TempDir Path dir) throws Exception {
        Path keys = dir.resolve("keys");
        Files.writeString(keys, "api ops ops-secret-12345 admin\napi team-a team-a-secret-1\n");
        AuthSettings auth = FerryConfig.fromEnv(Map.of("FERRY_KEYS_FILE", keys.toString())).auth();
        assertEquals(Set.of("ops"), auth.admins());
        assertFalse(auth.isAdmin("team-a"));
    }

    @Test
    void shouldRefuseAnAdminThatIsNoConfiguredCredential() {
        ConfigException e = assertThrows(ConfigException.class, () -> FerryConfig.fromEnv(Map.of(
                "FERRY_API_KEYS", "team-a=team-a-secret-1", "FERRY_ADMINS", "nobody")));
        assertTrue(e.getMessage().contains("FERRY_ADMINS names 'nobody'"), e.getMessage());
    }

    @Test
    void shouldMakeTheAnonymousCallerTheOperatorWhileNoCredentialsAreConfigured() {
        AuthSettings auth = FerryConfig.fromEnv(Map.of()).auth();
        assertTrue(auth.isAdmin(AuthSettings.ANONYMOUS));
    }

    @Test
    void shouldReadTheMetricsSettings() {
        MetricsSettings metrics = FerryConfig.fromEnv(Map.of("FERRY_METRICS_ENABLED", "false",
                "FERRY_METRICS_MODELS", "openai/gpt-4o, mock/echo", "FERRY_MANAGEMENT_PORT", "0")).metrics();
        assertFalse(metrics.enabled());
        assertEquals(Set.of("openai/gpt-4o", "mock/echo"), metrics.models());
        assertEquals(0, metrics.managementPort());
        assertThrows(ConfigException.class, () -> FerryConfig.fromEnv(Map.of("FERRY_METRICS_ENABLED", "yes")));
    }
}
