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
        for (String broker : brokers) {
            assertEquals(dev.ferry.testsupport.ContainerBroker.IMAGE, services.path(broker).path("image").asText(),
                    "FERRY_TEST_KAFKA=container runs the image compose runs");
        }
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

    private static JsonNode yaml(Path file) throws Exception {
        return new ObjectMapper().valueToTree(new Yaml().load(Files.readString(file)));
    }

    /** The port a Ferry service serves {@code /health/ready} and {@code /metrics} on. */
    private static String operationsPort(String service) {
        return runs(services.path(service), "ingress") ? env(service, "FERRY_PORT") : env(service, "FERRY_MANAGEMENT_PORT");
    }

    private static List<String> ferryServices() {
        return servicesWhere(s -> runs(s, "ingress") || runs(s, "worker") || runs(s, "webhooks"));
    }

    @Test
    void shouldCheckEveryFerryProcessesReadinessOnItsOwnPort() {
        for (String ferry : ferryServices()) {
            JsonNode test = services.path(ferry).path("healthcheck").path("test");
            assertEquals("http://localhost:" + operationsPort(ferry) + "/health/ready", test.path(test.size() - 1).asText(),
                    ferry + " healthcheck");
            if (!runs(services.path(ferry), "ingress")) {
                assertEquals("0.0.0.0", env(ferry, "FERRY_MANAGEMENT_HOST"), ferry + " must be reachable");
            }
        }
    }

    @Test
    void shouldHavePrometheusScrapeEveryFerryProcess() throws Exception {
        JsonNode prometheus = services.path("prometheus");
        assertTrue(prometheus.path("image").asText().matches("prom/prometheus:v\\d+\\.\\d+\\.\\d+"), "pinned");
        JsonNode config = yaml(COMPOSE.getParent().resolve("prometheus/prometheus.yml"));
        Set<String> targets = new HashSet<>();
        for (JsonNode job : config.path("scrape_configs")) {
            assertEquals("/metrics", job.path("metrics_path").asText());
            job.path("static_configs").forEach(c -> c.path("targets").forEach(t -> targets.add(t.asText())));
        }
        Set<String> expected = new HashSet<>();
        ferryServices().forEach(ferry -> expected.add(ferry + ":" + operationsPort(ferry)));
        assertEquals(expected, targets);
        assertTrue(prometheus.path("volumes").toString().contains("./prometheus/prometheus.yml:/etc/prometheus/"));
    }

    @Test
    void shouldProvisionGrafanaWithPrometheusAndTheFerryDashboard() throws Exception {
        JsonNode grafana = services.path("grafana");
        assertTrue(grafana.path("image").asText().matches("grafana/grafana:\\d+\\.\\d+\\.\\d+"), "pinned");
        assertTrue(env("grafana", "GF_SECURITY_ADMIN_PASSWORD").startsWith("${GRAFANA_ADMIN_PASSWORD:?"));
        String volumes = grafana.path("volumes").toString();
        assertTrue(volumes.contains("./grafana/provisioning:/etc/grafana/provisioning"));
        JsonNode datasource = yaml(COMPOSE.getParent().resolve("grafana/provisioning/datasources/prometheus.yml"))
                .path("datasources").path(0);
        assertEquals("http://prometheus:9090", datasource.path("url").asText());
        String dashboardsDir = yaml(COMPOSE.getParent().resolve("grafana/provisioning/dashboards/ferry.yml"))
                .path("providers").path(0).path("options").path("path").asText();
        assertTrue(volumes.contains("./grafana/dashboards:" + dashboardsDir), "the dashboards folder is mounted");
        JsonNode dashboard = GrafanaDashboard.read();
        for (JsonNode panel : dashboard.path("panels")) {
            assertEquals(datasource.path("uid").asText(), panel.path("datasource").path("uid").asText(),
                    panel.path("title").asText());
        }
        assertTrue(GrafanaDashboard.metricNames().size() >= 10, "metrics the dashboard queries");
    }

    @Test
    void shouldBuildFromTheDockerfileInTheComposeFolder() throws Exception {
        String dockerfile = services.path("gateway-1").path("build").path("dockerfile").asText();
        Path file = COMPOSE.getParent().getParent().resolve(dockerfile);
        assertTrue(Files.isRegularFile(file), "missing " + file);
        assertTrue(Files.readString(file).contains("ferry.jar"));
    }
}
