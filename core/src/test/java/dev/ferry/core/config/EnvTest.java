package dev.ferry.core.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EnvTest {

    @Test
    void shouldTrimValuesAndTreatBlankOnesAsUnset() {
        Env env = new Env(Map.of("FERRY_JOBS_TOPIC", "  jobs-eu  ", "KAFKA_BOOTSTRAP_SERVERS", "   "));

        assertEquals("jobs-eu", env.string("FERRY_JOBS_TOPIC", "jobs"));
        assertEquals(Optional.empty(), env.optional("KAFKA_BOOTSTRAP_SERVERS"));
        assertEquals("fallback", env.string("UNSET", "fallback"));
        assertDoesNotThrow(env::throwIfInvalid);
    }

    @Test
    void shouldReadTypedValuesWithinTheirBounds() {
        Env env = new Env(Map.of("PARTITIONS", "12", "MAX_BODY", "8388608", "SHARE", "0.25",
                "TIMEOUT_MS", "1500", "TTL_S", "3600"));

        assertEquals(12, env.integer("PARTITIONS", 6, 1, 10_000));
        assertEquals(8_388_608L, env.longValue("MAX_BODY", 1, 1, Long.MAX_VALUE));
        assertEquals(0.25, env.fraction("SHARE", 0.5));
        assertEquals(Duration.ofMillis(1500), env.millis("TIMEOUT_MS", Duration.ofSeconds(1), 1, 60_000));
        assertEquals(Duration.ofHours(1), env.seconds("TTL_S", Duration.ofSeconds(1), 1, 86_400));
        assertEquals(0, env.problemCount());
    }

    @Test
    void shouldUseTheFallbackForAnUnsetVariable() {
        Env env = new Env(Map.of());

        assertEquals(6, env.integer("PARTITIONS", 6, 1, 10_000));
        assertEquals(Duration.ofSeconds(30), env.seconds("TIMEOUT", Duration.ofSeconds(30), 1, 600));
        assertEquals(Optional.empty(), env.httpUrl("PROVIDER_URL"));
    }

    @Test
    void shouldReportEveryMalformedVariableInOneMessage() {
        Env env = new Env(Map.of("PARTITIONS", "0", "WORKERS", "many", "SHARE", "1.5", "URL", "ftp://example.com"));

        assertEquals(6, env.integer("PARTITIONS", 6, 1, 10_000), "out of range: the fallback, and a problem");
        env.integer("WORKERS", 4, 1, 100);
        env.fraction("SHARE", 0.5);
        assertEquals(Optional.empty(), env.httpUrl("URL"));

        assertEquals(4, env.problemCount());
        ConfigException error = assertThrows(ConfigException.class, env::throwIfInvalid);
        assertTrue(error.getMessage().contains("PARTITIONS must be between 1 and 10000, was 0"), error.getMessage());
        assertTrue(error.getMessage().contains("WORKERS must be an integer, was 'many'"), error.getMessage());
        assertTrue(error.getMessage().contains("SHARE must be between 0 and 1, was 1.5"), error.getMessage());
        assertTrue(error.getMessage().contains("URL must be an http(s) URL"), error.getMessage());
    }

    @Test
    void shouldAcceptOnlyHttpUrlsWithAHost() {
        Env env = new Env(Map.of("GOOD", "https://api.openai.com/v1", "NO_HOST", "http:///path", "BROKEN", "http://a b"));

        assertEquals(Optional.of(URI.create("https://api.openai.com/v1")), env.httpUrl("GOOD"));
        assertEquals(Optional.empty(), env.httpUrl("NO_HOST"));
        assertEquals(Optional.empty(), env.httpUrl("BROKEN"));
        assertEquals(2, env.problemCount());
    }

    @Test
    void shouldListTheVariablesOfAFamilySorted() {
        Env env = new Env(Map.of("FERRY_PROVIDER_B_URL", "x", "FERRY_PROVIDER_A_URL", "y", "OTHER", "z"));

        assertEquals(List.of("FERRY_PROVIDER_A_URL", "FERRY_PROVIDER_B_URL"), env.namesStartingWith("FERRY_PROVIDER_"));
    }
}
