package dev.ferry.app;

import static dev.ferry.app.RunningFerry.json;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.config.MockProviderSettings;
import dev.ferry.core.serde.Json;
import dev.ferry.embeddedkafka.KafkaBroker;
import dev.ferry.mockprovider.MockProviderServer;
import dev.ferry.testsupport.Http;
import dev.ferry.testsupport.HttpResult;
import dev.ferry.testsupport.KafkaBrokerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator's Prometheus and load balancer see of a running Ferry with credentials on: {@code /metrics},
 * {@code /health/live} and {@code /health/ready} without credentials, Ferry's job metrics named by Prometheus
 * conventions with labels bounded by configuration, and a worker-only process's management listener.
 */
@ExtendWith(KafkaBrokerExtension.class)
class OperationsIT {

    private static final Map<String, String> TENANT = Map.of("Authorization", "Bearer tenant-secret-1");

    private static MockProviderServer mock;
    private static RunningFerry ferry;
    private static RunningFerry workerOnly;

    @BeforeAll
    static void start(KafkaBroker kafka, @TempDir Path stateDir, @TempDir Path workerDir) throws Exception {
        mock = new MockProviderServer(new MockProviderSettings("127.0.0.1", 0, Duration.ofMillis(20), 0.0),
                Json.newMapper(), new Random(7)).start();
        Map<String, String> env = RunningFerry.environment(kafka, mock.baseUrl(), stateDir);
        env.put("FERRY_API_KEYS", "tenant=tenant-secret-1");
        env.put("FERRY_CLUSTER_TOKEN", "cluster-token-1");
        env.put("FERRY_METRICS_MODELS", "mock/echo");
        env.put("FERRY_WORKER_MAX_ATTEMPTS", "1");
        ferry = RunningFerry.start(env);
        Map<String, String> workerEnv = RunningFerry.environment(kafka, mock.baseUrl(), workerDir);
        workerEnv.put("FERRY_MANAGEMENT_PORT", "0");
        workerOnly = RunningFerry.start(workerEnv, EnumSet.of(Role.WORKER));
    }

    @AfterAll
    static void stop() {
        workerOnly.close();
        ferry.close();
        mock.close();
    }

    private static PrometheusText scrape(String url) {
        HttpResult metrics = Http.get(url);
        assertEquals(200, metrics.status(), metrics.body());
        assertTrue(metrics.header("content-type").startsWith("text/plain"), metrics.header("content-type"));
        return PrometheusText.parse(metrics.body());
    }

    private static String submit(String model) {
        HttpResult submit = ferry.submit("{\"model\":\"" + model + "\",\"input\":\"hi\"}", TENANT);
        assertEquals(200, submit.status(), submit.body());
        return submit.header("x-bf-async-id");
    }

    private static void awaitEnd(String jobId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            HttpResult poll = Http.post(ferry.url("/openai/v1/responses"), "",
                    Map.of("x-bf-async-id", jobId, "Authorization", "Bearer tenant-secret-1"));
            return poll.status() != 200 || json(poll).path("status").asText().equals("completed");
        });
    }

    @Test
    void shouldCountJobsAndTimeThemByProviderAndModelOnceTheyRun() {
        Map<String, String> echo = Map.of("provider", "mock", "model", "mock/echo");
        double before = scrape(ferry.url("/metrics")).sum("ferry_jobs_completed_total", echo);
        for (int i = 0; i < 3; i++) {
            awaitEnd(submit("mock/echo"));
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            PrometheusText metrics = scrape(ferry.url("/metrics"));
            assertTrue(metrics.sum("ferry_jobs_submitted_total", echo) >= 3);
            assertTrue(metrics.sum("ferry_jobs_started_total", echo) >= 3);
            assertEquals(before + 3, metrics.sum("ferry_jobs_completed_total", echo));
            assertTrue(metrics.sum("ferry_job_queue_wait_seconds_count", Map.of("provider", "mock")) >= 3);
            assertTrue(metrics.sum("ferry_provider_latency_seconds_count",
                    Map.of("provider", "mock", "outcome", "success")) >= 3);
            assertTrue(metrics.sum("ferry_job_duration_seconds_bucket",
                    Map.of("provider", "mock", "status", "completed", "le", "+Inf")) >= 3);
            assertTrue(metrics.sum("ferry_job_store_entries", Map.of("status", "completed")) >= 3);
        });
    }

    @Test
    void shouldCountAJobThatFailsForGoodAsFailedAndDeadLetteredByStatusClass() {
        awaitEnd(submit("mock/fail-400"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            PrometheusText metrics = scrape(ferry.url("/metrics"));
            Map<String, String> labels = Map.of("provider", "mock", "model", "other", "status_class", "4xx");
            assertTrue(metrics.sum("ferry_jobs_failed_total", labels) >= 1);
            assertTrue(metrics.sum("ferry_jobs_dead_lettered_total", labels) >= 1);
        });
    }

    @Test
    void shouldNeverExportAModelNameThatConfigurationDoesNotName() {
        awaitEnd(submit("mock/tenant-chosen-name-7c1f"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            HttpResult metrics = Http.get(ferry.url("/metrics"));
            assertTrue(PrometheusText.parse(metrics.body()).sum("ferry_jobs_completed_total",
                    Map.of("model", "other")) >= 1);
            assertFalse(metrics.body().contains("tenant-chosen-name-7c1f"));
            assertFalse(metrics.body().contains("tenant-secret-1"));
        });
    }

    @Test
    void shouldCountA429ByItsReason() {
        double before = scrape(ferry.url("/metrics")).sum("ferry_http_too_many_requests_total",
                Map.of("reason", "provider"));
        HttpResult limited = Http.post(ferry.url("/openai/v1/responses"),
                "{\"model\":\"mock/fail-429\",\"input\":\"hi\"}", TENANT);
        assertEquals(429, limited.status());
        PrometheusText metrics = scrape(ferry.url("/metrics"));
        assertEquals(before + 1, metrics.sum("ferry_http_too_many_requests_total", Map.of("reason", "provider")));
        assertEquals(0, metrics.sum("ferry_http_too_many_requests_total", Map.of("reason", "backlog_quota")));
    }

    @Test
    void shouldExportTheKafkaClientsStreamsAndJvmMetrics() {
        await().atMost(Duration.ofSeconds(10)).until(() ->
                scrape(ferry.url("/metrics")).labelValues("ferry_worker_consumer_lag_records", "partition").size() == 3);
        PrometheusText metrics = scrape(ferry.url("/metrics"));
        assertEquals(3, metrics.labelValues("ferry_worker_consumer_lag_records", "partition").size(),
                "the worker's lag on each of its 3 partitions");
        assertTrue(metrics.has("kafka_producer_record_send_total"));
        assertTrue(metrics.names().stream().anyMatch(name -> name.startsWith("kafka_stream_")), "Kafka Streams");
        assertTrue(metrics.has("jvm_memory_used_bytes"));
        assertTrue(metrics.has("ferry_worker_calls_in_flight"));
    }

    @Test
    void shouldExportEveryMetricTheGrafanaDashboardQueries() {
        awaitEnd(submit("mock/echo"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            java.util.Set<String> missing = new java.util.TreeSet<>(GrafanaDashboard.metricNames());
            missing.removeAll(scrape(ferry.url("/metrics")).names());
            assertEquals(java.util.Set.of(), missing, "queried by compose/grafana/dashboards/ferry.json");
        });
    }

    @Test
    void shouldAnswerLivenessReadinessAndHealthWithoutCredentials() {
        HttpResult live = Http.get(ferry.url("/health/live"));
        assertEquals(200, live.status());
        assertEquals("alive", json(live).path("status").asText());
        HttpResult ready = Http.get(ferry.url("/health/ready"));
        assertEquals(200, ready.status(), ready.body());
        JsonNode checks = json(ready).path("checks");
        assertTrue(checks.path("kafka").asBoolean() && checks.path("job_store").asBoolean()
                && checks.path("worker").asBoolean(), ready.body());
        assertEquals(200, Http.get(ferry.url("/health")).status());
        assertEquals(401, Http.post(ferry.url("/v1/async/responses"), "{}").status(), "other routes need a key");
    }

    @Test
    void shouldServeReadinessAndMetricsOnAWorkerOnlyProcessesManagementListener() {
        HttpResult ready = Http.get(workerOnly.managementUrl("/health/ready"));
        assertEquals(200, ready.status(), ready.body());
        assertEquals(Map.of("kafka", true, "worker", true),
                Json.newMapper().convertValue(json(ready).path("checks"), Map.class));
        PrometheusText metrics = scrape(workerOnly.managementUrl("/metrics"));
        assertTrue(metrics.has("ferry_worker_calls_in_flight"));
        assertFalse(metrics.has("ferry_job_store_entries"), "a worker keeps no job store");
        assertEquals(404, Http.get(workerOnly.managementUrl("/openai/v1/responses")).status());
    }
}
