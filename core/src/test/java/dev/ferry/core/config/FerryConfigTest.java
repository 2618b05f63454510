package dev.ferry.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The typed configuration the launcher reads once from the environment. */
class FerryConfigTest {

    @Test
    void shouldStartEmbeddedWithTheDocumentedDefaultsWhenNothingIsSet() {
        FerryConfig config = FerryConfig.fromEnv(Map.of());

        assertTrue(config.kafka().embedded());
        assertEquals("jobs", config.kafka().jobsTopic());
        assertEquals(8080, config.http().port());
        assertEquals(3600, config.http().defaultResultTtlSeconds());
        assertEquals(8 * 1024 * 1024 + 64 * 1024, config.kafka().maxMessageBytes(),
                "a job record carries the largest body plus its envelope");
    }

    @Test
    void shouldUseAnExternalClusterAndSizeRecordsByTheBodyLimit() {
        FerryConfig config = FerryConfig.fromEnv(Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9092",
                "FERRY_MAX_BODY_BYTES", "1048576", "FERRY_TOPIC_PARTITIONS", "24"));

        assertFalse(config.kafka().embedded());
        assertEquals(Optional.of("kafka-1:9092"), config.kafka().bootstrapServers());
        assertEquals(1024 * 1024 + 64 * 1024, config.kafka().maxMessageBytes());
        assertEquals(24, config.kafka().partitions());
    }

    @Test
    void shouldNameEveryInvalidVariableInOneMessage() {
        ConfigException error = assertThrows(ConfigException.class, () -> FerryConfig.fromEnv(Map.of(
                "FERRY_PORT", "eighty", "FERRY_TOPIC_PARTITIONS", "0",
                "FERRY_RESULT_TTL_SECONDS", "7200", "FERRY_RESULT_TTL_MAX_SECONDS", "60")));

        String message = error.getMessage();
        assertTrue(message.contains("FERRY_PORT must be an integer, was 'eighty'"), message);
        assertTrue(message.contains("FERRY_TOPIC_PARTITIONS must be between 1 and 10000, was 0"), message);
        assertTrue(message.contains("FERRY_RESULT_TTL_SECONDS (7200) exceeds FERRY_RESULT_TTL_MAX_SECONDS (60)"),
                message);
    }

    @Test
    void shouldRunBothWorkerLanesUnlessTheDeploymentNamesOne() {
        assertEquals(EnumSet.allOf(WorkerLane.class), FerryConfig.fromEnv(Map.of()).worker().lanes());
        assertEquals(Set.of(WorkerLane.BATCH),
                FerryConfig.fromEnv(Map.of("FERRY_WORKER_LANES", "batch")).worker().lanes());
        assertEquals(EnumSet.allOf(WorkerLane.class),
                FerryConfig.fromEnv(Map.of("FERRY_WORKER_LANES", " interactive , batch ")).worker().lanes());
    }

    @Test
    void shouldRefuseAWorkerLaneThatDoesNotExist() {
        ConfigException error = assertThrows(ConfigException.class,
                () -> FerryConfig.fromEnv(Map.of("FERRY_WORKER_LANES", "interactive,bulk")));

        assertTrue(error.getMessage().contains("FERRY_WORKER_LANES names lanes among interactive, batch, separated by "
                + "commas; 'bulk' is not one"), error.getMessage());
    }
}
