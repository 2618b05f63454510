package dev.ferry.app;

import static dev.ferry.app.RunningFerry.json;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.ferry.core.config.MockProviderSettings;
import dev.ferry.core.serde.Json;
import dev.ferry.embeddedkafka.KafkaBroker;
import dev.ferry.mockprovider.MockProviderServer;
import dev.ferry.testsupport.Http;
import dev.ferry.testsupport.HttpResult;
import dev.ferry.testsupport.KafkaBrokerExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Credentials, and tenants that cannot see each other's jobs. */
@ExtendWith(KafkaBrokerExtension.class)
class AuthenticationIT {

    private static final String ALICE_VK = "sk-bf-alice-0123456789";
    private static final String BOB_KEY = "bob-secret-0123456789";
    private static final String HELLO = "{\"model\":\"mock/echo\",\"input\":\"secret plans\"}";

    private static MockProviderServer mock;
    private static RunningFerry ferry;

    @BeforeAll
    static void startFerry(KafkaBroker broker, @TempDir Path stateDir) throws Exception {
        mock = new MockProviderServer(new MockProviderSettings("127.0.0.1", 0, Duration.ZERO, 0.0),
                Json.newMapper(), new Random(5)).start();
        Map<String, String> env = new HashMap<>(RunningFerry.environment(broker, mock.baseUrl(), stateDir));
        env.put("FERRY_VIRTUAL_KEYS", "alice=" + ALICE_VK);
        env.put("FERRY_API_KEYS", "bob=" + BOB_KEY);
        env.put("FERRY_BASIC_USERS", "carol=carol-password");
        ferry = RunningFerry.start(env);
    }

    @AfterAll
    static void stopFerry() {
        ferry.close();
        mock.close();
    }

    private static HttpResult submitAs(Map<String, String> credentials) {
        return ferry.submit(HELLO, credentials);
    }

    private static HttpResult pollAs(String jobId, Map<String, String> credentials) {
        Map<String, String> headers = new HashMap<>(credentials);
        headers.put("x-bf-async-id", jobId);
        return Http.post(ferry.url("/openai/v1/responses"), "", headers);
    }

    private static void assertUnauthorized(HttpResult result) {
        assertEquals(401, result.status(), result.body());
        assertEquals("authentication_error", json(result).path("error").path("type").asText());
        assertNotNull(result.header("WWW-Authenticate"));
    }

    @Test
    void shouldRejectARequestWithoutCredentials() {
        assertUnauthorized(submitAs(Map.of()));
    }

    @Test
    void shouldRejectAnUnknownKey() {
        assertUnauthorized(submitAs(Map.of("Authorization", "Bearer not-a-real-key-123")));
        assertUnauthorized(submitAs(Map.of("x-bf-vk", "sk-bf-forged-000000")));
    }

    @Test
    void shouldAcceptAVirtualKeyInEveryHeaderItMayTravelIn() {
        assertEquals(200, submitAs(Map.of("x-bf-vk", ALICE_VK)).status());
        assertEquals(200, submitAs(Map.of("Authorization", "Bearer " + ALICE_VK)).status());
        assertEquals(200, submitAs(Map.of("x-api-key", ALICE_VK)).status());
    }

    @Test
    void shouldAcceptBearerApiKeysAndBasicCredentials() {
        assertEquals(200, submitAs(Map.of("Authorization", "Bearer " + BOB_KEY)).status());
        String basic = Base64.getEncoder().encodeToString("carol:carol-password".getBytes(StandardCharsets.UTF_8));
        assertEquals(200, submitAs(Map.of("Authorization", "Basic " + basic)).status());
    }

    @Test
    void shouldRejectCredentialsThatNameDifferentPrincipals() {
        assertUnauthorized(submitAs(Map.of("x-bf-vk", ALICE_VK, "Authorization", "Bearer " + BOB_KEY)));
    }

    @Test
    void shouldRejectTwoAuthorizationHeaders() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest
                .newBuilder(URI.create(ferry.url("/openai/v1/responses")))
                .header("Authorization", "Bearer " + BOB_KEY)
                .header("Authorization", "Bearer " + ALICE_VK)
                .POST(HttpRequest.BodyPublishers.ofString(HELLO)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, response.statusCode());
    }

    @Test
    void shouldHideAJobFromAnotherTenantExactlyLikeAnUnknownId() {
        Map<String, String> alice = Map.of("x-bf-vk", ALICE_VK);
        Map<String, String> bob = Map.of("Authorization", "Bearer " + BOB_KEY);
        String jobId = submitAs(alice).header("x-bf-async-id");
        await().atMost(Duration.ofSeconds(30)).until(() -> pollAs(jobId, alice).body().contains("\"completed\""));

        HttpResult stolen = pollAs(jobId, bob);
        HttpResult unknown = pollAs(UUID.randomUUID().toString(), bob);

        assertEquals(404, stolen.status());
        assertEquals(unknown.status(), stolen.status());
        assertEquals(unknown.body(), stolen.body());
        assertEquals(404, Http.get(ferry.url("/v1/async/responses/" + jobId), bob).status());
        assertEquals(404, Http.get(ferry.url("/openai/v1/responses/" + jobId), bob).status());
        assertEquals(200, Http.get(ferry.url("/v1/async/responses/" + jobId), alice).status());
    }

    @Test
    void shouldServeHealthWithoutCredentials() {
        assertEquals(200, Http.get(ferry.url("/health")).status());
    }
}
