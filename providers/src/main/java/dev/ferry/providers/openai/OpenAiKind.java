package dev.ferry.providers.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.config.ProviderEndpoint;
import dev.ferry.providers.ProviderKind;
import java.net.URI;
import java.util.Map;

/** OpenAI itself and any OpenAI-compatible base URL: the operation appended to the base, a bearer token. */
public final class OpenAiKind implements ProviderKind {

    @Override
    public String name() {
        return ProviderEndpoint.OPENAI;
    }

    @Override
    public URI uri(ProviderEndpoint endpoint, String operation, ObjectNode request) {
        return URI.create(ProviderKind.base(endpoint) + operation);
    }

    @Override
    public Map<String, String> authHeaders(ProviderEndpoint endpoint) {
        return endpoint.apiKey().map(key -> Map.of("Authorization", "Bearer " + key.value())).orElse(Map.of());
    }
}
