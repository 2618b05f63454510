package dev.ferry.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.config.ProviderEndpoint;
import dev.ferry.providers.ProviderKind;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Azure OpenAI deployments: operations under {@code /openai} with an {@code api-version} query (the client's when the
 * Azure route passed one on, else the configured one), and the key in an {@code api-key} header.
 */
public final class AzureOpenAiKind implements ProviderKind {

    /**
     * Where the Azure route puts the client's {@code api-version}, so that it reaches Azure on the sync and the async
     * path alike; like Bifrost's own fields, it never goes upstream in a body.
     */
    public static final String API_VERSION_FIELD = "ferry_azure_api_version";

    @Override
    public String name() {
        return ProviderEndpoint.AZURE;
    }

    @Override
    public URI uri(ProviderEndpoint endpoint, String operation, ObjectNode request) {
        JsonNode clientVersion = request.get(API_VERSION_FIELD);
        Optional<String> version = clientVersion != null && clientVersion.isTextual()
                ? Optional.of(clientVersion.asText()) : endpoint.apiVersion();
        String query = version
                .map(value -> "?api-version=" + URLEncoder.encode(value, StandardCharsets.UTF_8))
                .orElse("");
        return URI.create(ProviderKind.base(endpoint) + "/openai" + operation + query);
    }

    @Override
    public Map<String, String> authHeaders(ProviderEndpoint endpoint) {
        return endpoint.apiKey().map(key -> Map.of("api-key", key.value())).orElse(Map.of());
    }
}
