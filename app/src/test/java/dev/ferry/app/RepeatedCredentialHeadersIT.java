package dev.ferry.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.core.config.MockProviderSettings;
import dev.ferry.core.serde.Json;
import dev.ferry.embeddedkafka.KafkaBroker;
import dev.ferry.mockprovider.MockProviderServer;
import dev.ferry.testsupport.KafkaBrokerExtension;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A credential header sent twice is refused like two credentials naming different principals, whichever value comes
 * first. Raw sockets, because an HTTP client library may merge or drop repeated headers before they reach Ferry.
 */
@ExtendWith(KafkaBrokerExtension.class)
class RepeatedCredentialHeadersIT {

    private static final String TEAM_A_VK = "sk-bf-team-a-0123456789";
    private static final String TEAM_B_VK = "sk-bf-team-b-0123456789";
    private static final String CI_KEY = "ci-secret-0123456789";
    private static final String HELLO = "{\"model\":\"mock/echo\",\"input\":\"whose job is this?\"}";
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private static MockProviderServer mock;
    private static RunningFerry ferry;

    @BeforeAll
    static void startFerry(KafkaBroker broker, @TempDir Path stateDir) throws Exception {
        mock = new MockProviderServer(new MockProviderSettings("127.0.0.1", 0, Duration.ZERO, 0.0),
                Json.newMapper(), new Random(14)).start();
        Map<String, String> env = new HashMap<>(RunningFerry.environment(broker, mock.baseUrl(), stateDir));
        env.put("FERRY_VIRTUAL_KEYS", "team-a=" + TEAM_A_VK + ",team-b=" + TEAM_B_VK);
        env.put("FERRY_API_KEYS", "ci=" + CI_KEY);
        ferry = RunningFerry.start(env);
    }

    @AfterAll
    static void stopFerry() {
        if (ferry != null) {
            ferry.close();
        }
        if (mock != null) {
            mock.close();
        }
    }

    @Test
    void shouldAcceptEachCredentialHeaderSentOnce() throws Exception {
        assertEquals(200, submit("x-bf-vk: " + TEAM_A_VK + "\r\n").status());
        assertEquals(200, submit("x-api-key: " + CI_KEY + "\r\n").status());
    }

    @ParameterizedTest(name = "{0}: {1} then {2}")
    @CsvSource({
            "x-bf-vk, " + TEAM_B_VK + ", " + TEAM_A_VK,
            "x-bf-vk, " + TEAM_A_VK + ", " + TEAM_A_VK,
            "x-bf-vk, " + TEAM_A_VK + ", sk-bf-forged-0000000000",
            "x-api-key, " + CI_KEY + ", wrong",
            "x-api-key, " + CI_KEY + ", " + CI_KEY,
            "x-api-key, " + TEAM_A_VK + ", " + CI_KEY})
    void shouldRejectACredentialHeaderSentTwice(String header, String first, String second) throws Exception {
        RawHttp.Response response = submit(header + ": " + first + "\r\n" + header + ": " + second + "\r\n");

        assertUnauthorized(response);
    }

    @Test
    void shouldRejectARepeatedHeaderEvenBesideAnAgreeingAuthorizationHeader() throws Exception {
        RawHttp.Response response = submit("Authorization: Bearer " + TEAM_A_VK + "\r\nx-bf-vk: " + TEAM_A_VK
                + "\r\nx-bf-vk: " + TEAM_A_VK + "\r\n");

        assertUnauthorized(response);
    }

    private static RawHttp.Response submit(String credentialLines) throws Exception {
        String request = "POST /openai/v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "x-bf-async: true\r\n" + credentialLines + "Content-Length: " + HELLO.length()
                + "\r\nConnection: close\r\n\r\n" + HELLO;
        return RawHttp.exchange(URI.create(ferry.url("/")).getPort(), request, TIMEOUT);
    }

    private static void assertUnauthorized(RawHttp.Response response) throws Exception {
        assertEquals(401, response.status(), response.body());
        assertNotNull(response.header("WWW-Authenticate"));
        JsonNode error = RunningFerry.JSON.readTree(response.body()).path("error");
        assertEquals("authentication_error", error.path("type").asText(), response.body());
        assertEquals("invalid_api_key", error.path("code").asText(), response.body());
    }
}
