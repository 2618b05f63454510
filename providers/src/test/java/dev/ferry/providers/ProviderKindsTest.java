package dev.ferry.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.core.config.ProviderEndpoint;
import dev.ferry.core.config.Secret;
import dev.ferry.core.serde.Json;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProviderKindsTest {

    private static final URI BASE = URI.create("https://example.test/v1/");

    @Test
    void shouldAddressAnOpenAiCompatibleEndpointByItsBaseUrlAndABearerToken() {
        ProviderEndpoint endpoint = ProviderEndpoint.openAiCompatible("up", BASE, Optional.of(new Secret("sk-1")));
        ProviderKind kind = ProviderKinds.of(endpoint);

        assertEquals(URI.create("https://example.test/v1/responses/input_tokens"),
                kind.uri(endpoint, "/responses/input_tokens", Json.newMapper().createObjectNode()));
        assertEquals(Map.of("Authorization", "Bearer sk-1"), kind.authHeaders(endpoint));
    }

    @Test
    void shouldPreferTheClientsApiVersionOnAzure() {
        ProviderEndpoint endpoint = ProviderEndpoint.azure("azure", BASE, Optional.of(new Secret("az")), "2025-01-01");
        ProviderKind kind = ProviderKinds.of(endpoint);

        assertEquals(URI.create("https://example.test/v1/openai/responses?api-version=2025-01-01"),
                kind.uri(endpoint, "/responses", Json.newMapper().createObjectNode()));
        assertEquals(URI.create("https://example.test/v1/openai/responses?api-version=2024-10-21"),
                kind.uri(endpoint, "/responses",
                        Json.newMapper().createObjectNode().put("ferry_azure_api_version", "2024-10-21")));
        assertEquals(Map.of("api-key", "az"), kind.authHeaders(endpoint));
    }

    @Test
    void shouldSendNoCredentialsWithoutAKey() {
        ProviderEndpoint endpoint = ProviderEndpoint.openAiCompatible("up", BASE, Optional.empty());

        assertTrue(ProviderKinds.of(endpoint).authHeaders(endpoint).isEmpty());
    }

    @Test
    void shouldRejectAnUnknownKind() {
        ProviderEndpoint endpoint = new ProviderEndpoint("x", BASE, Optional.empty(), "bedrock", Optional.empty());

        IllegalArgumentException rejected =
                assertThrows(IllegalArgumentException.class, () -> ProviderKinds.of(endpoint));
        assertTrue(rejected.getMessage().contains("bedrock"), rejected.getMessage());
    }
}
