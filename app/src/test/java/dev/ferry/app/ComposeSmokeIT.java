package dev.ferry.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.testsupport.Http;
import dev.ferry.testsupport.HttpResult;
import java.io.File;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Brings up {@code compose/} (three brokers, two gateways, two workers, the mock provider, Prometheus, Grafana) with
 * Testcontainers' compose support and runs the README walkthrough against it: submit, poll, result. Where no Docker
 * engine runs, JUnit reports it skipped ("disabledWithoutDocker is true and Docker is not available"), as on the
 * machines that build Ferry today; {@code ComposeFileTest} checks the file statically there.
 */
@Testcontainers(disabledWithoutDocker = true)
class ComposeSmokeIT {

    private static final String SECRET = "compose-smoke-secret-1";

    @Container
    private static final ComposeContainer COMPOSE = new ComposeContainer(new File("../compose/docker-compose.yml"))
            .withEnv(Map.of("FERRY_API_KEYS", "smoke=" + SECRET, "FERRY_CLUSTER_TOKEN", "compose-smoke-token",
                    "GRAFANA_ADMIN_PASSWORD", "compose-smoke-grafana"))
            .withBuild(true)
            .withExposedService("gateway-1", 8080, Wait.forHttp("/health/ready").forStatusCode(200)
                    .withStartupTimeout(Duration.ofMinutes(10)))
            .withExposedService("prometheus", 9090, Wait.forHttp("/-/ready").forStatusCode(200));

    private static String gateway(String path) {
        return "http://" + COMPOSE.getServiceHost("gateway-1", 8080) + ":"
                + COMPOSE.getServicePort("gateway-1", 8080) + path;
    }

    @Test
    void shouldRunTheReadmeWalkthroughAgainstTheComposeCluster() {
        Map<String, String> key = Map.of("Authorization", "Bearer " + SECRET, "x-bf-async", "true");
        HttpResult submit = Http.post(gateway("/openai/v1/responses"),
                "{\"model\":\"mock/echo\",\"input\":\"Hello, Ferry\"}", key);
        assertEquals(200, submit.status(), submit.body());
        String jobId = submit.header("x-bf-async-id");
        Map<String, String> poll = Map.of("Authorization", "Bearer " + SECRET, "x-bf-async-id", jobId);
        await().atMost(Duration.ofSeconds(60)).until(() -> Http.post(gateway("/openai/v1/responses"), "", poll)
                .body().contains("Echo: Hello, Ferry"));
        assertEquals(200, Http.get(gateway("/metrics")).status());
    }
}
