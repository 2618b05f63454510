package dev.ferry.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** No Docker engine runs here, so the compose file is checked by reading it: the cluster it describes is safe. */
class ComposeFileTest {

    private static final Path COMPOSE = Path.of("..", "compose", "docker-compose.yml");
    private static JsonNode services;

    @BeforeAll
    static void read() throws Exception {
        // SnakeYAML resolves the file's merge keys (<<: *anchor) as docker compose does
        Object document = new Yaml().load(Files.readString(COMPOSE));
        services = new ObjectMapper().valueToTree(document).path("services");
    }

    private static List<String> servicesWhere(java.util.function.Predicate<JsonNode> test) {
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, JsonNode> service : (Iterable<Map.Entry<String, JsonNode>>) services::fields) {
            if (test.test(service.getValue())) {
                names.add(service.getKey());
            }
        }
        return names;
    }

    private static String env(String service, String name) {
        return services.path(service).path("environment").path(name).asText(null);
    }

    private static boolean runs(JsonNode service, String role) {
        return service.path("command").path(0).asText().equals(role);
    }

    @Test
    void shouldRunThreeKraftBrokersWithReplicationFactorThreeAndMinIsrTwo() {
        List<String> brokers = servicesWhere(s -> s.path("image").asText().startsWith("apache/kafka"));
        assertEquals(3, brokers.size());
        Set<String> nodeIds = new HashSet<>();
        for (String broker : brokers) {
            nodeIds.add(env(broker, "KAFKA_NODE_ID"));
            assertEquals("3", env(broker, "KAFKA_DEFAULT_REPLICATION_FACTOR"));
            assertEquals("2", env(broker, "KAFKA_MIN_INSYNC_REPLICAS"));
            assertEquals("3", env(broker, "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"));
            assertEquals("broker,controller", env(broker, "KAFKA_PROCESS_ROLES"));
            assertEquals("false", env(broker, "KAFKA_UNCLEAN_LEADER_ELECTION_ENABLE"));
            for (String other : brokers) {
                assertTrue(env(broker, "KAFKA_CONTROLLER_QUORUM_VOTERS").contains(other + ":9093"));
            }
        }
        assertEquals(Set.of("1", "2", "3"), nodeIds);
    }

    @Test
    void shouldRunTwoGatewaysThatShareTheJobStoreSafely() {
        List<String> gateways = servicesWhere(s -> runs(s, "ingress"));
        assertEquals(2, gateways.size());
        Set<String> advertised = new HashSet<>();
        for (String gateway : gateways) {
            advertised.add(env(gateway, "FERRY_ADVERTISED_HOST"));
            assertEquals(gateway, env(gateway, "FERRY_ADVERTISED_HOST"));
            assertEquals("1", env(gateway, "FERRY_STANDBY_REPLICAS"));
            assertTrue(env(gateway, "FERRY_CLUSTER_TOKEN").startsWith("${FERRY_CLUSTER_TOKEN:?"));
            assertTrue(env(gateway, "FERRY_API_KEYS").startsWith("${FERRY_API_KEYS:?"), "credentials are required");
        }
        assertEquals(2, advertised.size());
    }

    @Test
    void shouldRunTwoWorkersAndTheMockProvider() {
        assertEquals(2, servicesWhere(s -> runs(s, "worker")).size());
        assertEquals(1, servicesWhere(s -> runs(s, "mock-provider")).size());
    }

    @Test
    void shouldPointEveryFerryProcessAtAllBrokersWithReplicatedTopics() {
        for (String ferry : servicesWhere(s -> runs(s, "ingress") || runs(s, "worker"))) {
            assertEquals("kafka-1:9092,kafka-2:9092,kafka-3:9092", env(ferry, "KAFKA_BOOTSTRAP_SERVERS"));
            assertEquals("3", env(ferry, "FERRY_TOPIC_REPLICATION_FACTOR"));
            assertEquals("http://mock-provider:8081/v1", env(ferry, "FERRY_MOCK_PROVIDER_URL"));
        }
    }

    @Test
    void shouldBuildFromTheDockerfileInTheComposeFolder() throws Exception {
        String dockerfile = services.path("gateway-1").path("build").path("dockerfile").asText();
        Path file = COMPOSE.getParent().getParent().resolve(dockerfile);
        assertTrue(Files.isRegularFile(file), "missing " + file);
        assertTrue(Files.readString(file).contains("ferry.jar"));
    }
}
