package dev.ferry.app;

import static dev.ferry.app.RunningFerry.json;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.core.config.MockProviderSettings;
import dev.ferry.core.serde.Json;
import dev.ferry.embeddedkafka.KafkaBroker;
import dev.ferry.mockprovider.MockProviderServer;
import dev.ferry.testsupport.Http;
import dev.ferry.testsupport.HttpResult;
import dev.ferry.testsupport.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /openapi.json} cannot drift from Ferry: swagger-parser accepts it as OpenAPI 3.1, it documents exactly the
 * routes Javalin registered, and real answers of a running Ferry (every route, successes and errors) have documented
 * statuses and bodies that match the documented schemas.
 */
@ExtendWith(KafkaBrokerExtension.class)
class OpenApiDocumentIT {

    private static final Map<String, String> TENANT = Map.of("Authorization", "Bearer tenant-secret-1");
    private static final Map<String, String> OPERATOR = Map.of("Authorization", "Basic "
            + Base64.getEncoder().encodeToString("ops:ops-password-1".getBytes(StandardCharsets.UTF_8)));
    private static final String HELLO = "{\"model\":\"mock/echo\",\"input\":\"Hello\"}";

    private static MockProviderServer mock;
    private static RunningFerry ferry;
    private static OpenApiContract contract;
    private final List<String> problems = new ArrayList<>();

    @BeforeAll
    static void start(KafkaBroker kafka, @TempDir Path stateDir) throws Exception {
        mock = new MockProviderServer(new MockProviderSettings("127.0.0.1", 0, Duration.ofMillis(20), 0.0),
                Json.newMapper(), new Random(7)).start();
        Map<String, String> env = RunningFerry.environment(kafka, mock.baseUrl(), stateDir);
        env.put("FERRY_API_KEYS", "tenant=tenant-secret-1");
        env.put("FERRY_BASIC_USERS", "ops=ops-password-1");
        env.put("FERRY_ADMINS", "ops");
        env.put("FERRY_CLUSTER_TOKEN", "cluster-token-1");
        ferry = RunningFerry.start(env);
        HttpResult document = Http.get(ferry.url("/openapi.json"));
        assertEquals(200, document.status());
        contract = OpenApiContract.parse(document.body());
    }

    @AfterAll
    static void stop() {
        ferry.close();
        mock.close();
    }

    @Test
    void shouldBeAnOpenApi31DocumentThatSwaggerParserAccepts() {
        assertTrue(contract.openApi().getOpenapi().startsWith("3.1"), contract.openApi().getOpenapi());
        assertTrue(contract.operations().size() >= 20, "documented operations: " + contract.operations());
    }

    @Test
    void shouldTellABodyThatBreaksItsSchemaFromOneThatKeepsIt() {
        assertEquals(List.of(), contract.violations("GET", "/health/live", 200, "application/json",
                "{\"status\":\"alive\"}"));
        assertEquals(1, contract.violations("GET", "/health/live", 200, "application/json",
                "{\"status\":\"gone\"}").size());
        assertEquals(1, contract.violations("GET", "/health/live", 418, "application/json", "{}").size());
    }

    @Test
    void shouldDocumentEveryRegisteredRouteAndNoOther() {
        Set<String> registered = new TreeSet<>(ferry.routes());
        Set<String> undocumented = new TreeSet<>(registered);
        undocumented.removeAll(contract.operations());
        Set<String> missing = new TreeSet<>(contract.operations());
        missing.removeAll(registered);
        assertEquals(Set.of(), undocumented, "registered but not in /openapi.json");
        assertEquals(Set.of(), missing, "in /openapi.json but not registered");
    }

    private HttpResult check(String method, String path, HttpResult result) {
        problems.addAll(contract.violations(method, path, result.status(), result.header("content-type"),
                result.body()));
        return result;
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> all = new HashMap<>(headers);
        all.put(name, value);
        return all;
    }

    @Test
    void shouldAnswerTheResponsesRoutesAsDocumented() {
        String path = "/openai/v1/responses";
        HttpResult submit = check("POST", path, Http.post(ferry.url(path), HELLO, with(TENANT, "x-bf-async", "true")));
        String jobId = submit.header("x-bf-async-id");
        await().atMost(Duration.ofSeconds(30)).until(() -> json(Http.post(ferry.url(path), "",
                with(TENANT, "x-bf-async-id", jobId))).path("status").asText().equals("completed"));
        check("POST", path, Http.post(ferry.url(path), "", with(TENANT, "x-bf-async-id", jobId)));
        check("POST", path, Http.post(ferry.url(path), HELLO, TENANT));
        check("POST", path, Http.post(ferry.url(path), "{\"input\":\"no model\"}", TENANT));
        check("POST", path, Http.post(ferry.url(path), HELLO));
        check("POST", path, Http.post(ferry.url(path), "", with(TENANT, "x-bf-async-id", "not-a-job")));
        check("POST", "/openai/responses", Http.post(ferry.url("/openai/responses"), HELLO, TENANT));
        check("POST", "/openai/openai/deployments/{deployment_id}/responses",
                Http.post(ferry.url("/openai/openai/deployments/gpt-4o/responses?api-version=2025-04-01-preview"),
                        "{\"input\":\"hi\"}", TENANT));
        for (String tokens : List.of("/openai/v1/responses/input_tokens", "/openai/responses/input_tokens")) {
            check("POST", tokens, Http.post(ferry.url(tokens), "{\"model\":\"openai/gpt-4o\",\"input\":\"Hi\"}",
                    TENANT));
        }
        check("POST", "/openai/openai/deployments/{deployment_id}/responses/input_tokens",
                Http.post(ferry.url("/openai/openai/deployments/gpt-4o/responses/input_tokens?api-version=2025-04-01"),
                        "{\"input\":\"Hi\"}", TENANT));
        assertEquals(List.of(), problems);
    }

    @Test
    void shouldAnswerTheFilesAndBatchRoutesAsDocumented() {
        String jsonl = BatchJsonl.file(List.of(BatchJsonl.line("a", "mock/echo", "hi")));
        for (String prefix : List.of("/openai/v1", "/openai")) {
            String files = prefix + "/files";
            String fileId = json(check("POST", files, BatchJsonl.upload(ferry.url(files), TENANT, jsonl)))
                    .path("id").asText();
            check("POST", files, Http.post(ferry.url(files), "{}", TENANT));
            check("GET", files, Http.get(ferry.url(files + "?limit=5"), TENANT));
            check("GET", files + "/{file_id}", Http.get(ferry.url(files + "/" + fileId), TENANT));
            check("GET", files + "/{file_id}", Http.get(ferry.url(files + "/file-none"), TENANT));
            check("GET", files + "/{file_id}/content", Http.get(ferry.url(files + "/" + fileId + "/content"), TENANT));
            String batches = prefix + "/batches";
            String batchId = json(check("POST", batches, BatchJsonl.createBatch(ferry.url(batches), TENANT, fileId)))
                    .path("id").asText();
            check("POST", batches, Http.post(ferry.url(batches), "{\"endpoint\":\"/v1/chat\"}", TENANT));
            await().atMost(Duration.ofSeconds(60)).until(() -> json(Http.get(ferry.url(batches + "/" + batchId),
                    TENANT)).path("status").asText().equals("completed"));
            check("GET", batches + "/{batch_id}", Http.get(ferry.url(batches + "/" + batchId), TENANT));
            check("GET", batches + "/{batch_id}", Http.get(ferry.url(batches + "/batch_none"), TENANT));
            check("GET", batches, Http.get(ferry.url(batches + "?limit=2"), TENANT));
            check("POST", batches + "/{batch_id}/cancel", Http.post(ferry.url(batches + "/" + batchId + "/cancel"),
                    "", TENANT));
            check("DELETE", files + "/{file_id}", Http.delete(ferry.url(files + "/" + fileId), TENANT));
        }
        check("GET", "/internal/v1/batch-store/{kind}/{id}",
                Http.get(ferry.url("/internal/v1/batch-store/batch/batch_none?owner=tenant"), Map.of()));
        assertEquals(List.of(), problems);
    }

    @Test
    void shouldAnswerTheBackgroundAndAsyncRoutesAsDocumented() {
        String created = json(check("POST", "/openai/v1/responses", Http.post(ferry.url("/openai/v1/responses"),
                "{\"model\":\"mock/sleep-30000\",\"input\":\"x\",\"background\":true}", TENANT))).path("id").asText();
        for (String prefix : List.of("/openai/v1/responses", "/openai/responses")) {
            check("GET", prefix + "/{response_id}", Http.get(ferry.url(prefix + "/" + created), TENANT));
            check("POST", prefix + "/{response_id}/cancel",
                    Http.post(ferry.url(prefix + "/" + created + "/cancel"), "", TENANT));
        }
        check("DELETE", "/openai/v1/responses/{response_id}",
                Http.delete(ferry.url("/openai/v1/responses/" + created), TENANT));
        check("DELETE", "/openai/responses/{response_id}",
                Http.delete(ferry.url("/openai/responses/" + java.util.UUID.randomUUID()), TENANT));
        HttpResult queued = check("POST", "/v1/async/responses",
                Http.post(ferry.url("/v1/async/responses"), HELLO, TENANT));
        String jobId = json(queued).path("id").asText();
        check("GET", "/v1/async/responses/{job_id}", Http.get(ferry.url("/v1/async/responses/" + jobId), TENANT));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                Http.get(ferry.url("/v1/async/responses/" + jobId), TENANT).status() == 200);
        check("GET", "/v1/async/responses/{job_id}", Http.get(ferry.url("/v1/async/responses/" + jobId), TENANT));
        Map<String, String> peer = Map.of("x-ferry-cluster-token", "cluster-token-1");
        check("GET", "/internal/v1/jobs/{job_id}",
                Http.get(ferry.url("/internal/v1/jobs/" + jobId + "?owner=tenant"), peer));
        check("GET", "/internal/v1/standby-jobs/{job_id}",
                Http.get(ferry.url("/internal/v1/standby-jobs/" + jobId + "?owner=tenant"), Map.of()));
        assertEquals(List.of(), problems);
    }

    @Test
    void shouldAnswerTheOperationsAndOperatorRoutesAsDocumented() {
        for (String open : List.of("/health", "/health/live", "/health/ready", "/metrics", "/openapi.json")) {
            assertEquals(200, check("GET", open, Http.get(ferry.url(open))).status(), open);
        }
        for (String page : List.of("/ui", "/ui/dashboard.js", "/ui/dashboard.css", "/ui/api/overview")) {
            assertEquals(200, check("GET", page, Http.get(ferry.url(page), OPERATOR)).status(), page);
            assertEquals(403, check("GET", page, Http.get(ferry.url(page), TENANT)).status(), page);
            assertEquals(401, check("GET", page, Http.get(ferry.url(page))).status(), page);
        }
        assertEquals(List.of(), problems);
    }
}
