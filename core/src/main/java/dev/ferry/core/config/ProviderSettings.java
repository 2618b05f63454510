package dev.ferry.core.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The upstreams models are routed to. {@code mock} is the built-in mock provider; when Ferry starts it itself, the
 * launcher adds its endpoint once the port is known.
 *
 * @param endpoints configured upstreams, at most one per name
 * @param mockProviderUrl an external mock provider to use instead of starting one
 */
public record ProviderSettings(List<ProviderEndpoint> endpoints, Optional<URI> mockProviderUrl) {

    public static final String MOCK = "mock";
    private static final String CUSTOM_PREFIX = "FERRY_PROVIDER_";
    private static final String CUSTOM_SUFFIX = "_BASE_URL";

    public ProviderSettings {
        endpoints = List.copyOf(endpoints);
    }

    public ProviderSettings withEndpoint(ProviderEndpoint endpoint) {
        List<ProviderEndpoint> all = new ArrayList<>(endpoints);
        all.removeIf(existing -> existing.name().equals(endpoint.name()));
        all.add(endpoint);
        return new ProviderSettings(all, mockProviderUrl);
    }

    static ProviderSettings from(Env env) {
        List<ProviderEndpoint> endpoints = new ArrayList<>();
        endpoints.add(ProviderEndpoint.openAiCompatible(
                "openai",
                env.httpUrl("OPENAI_BASE_URL").orElse(URI.create("https://api.openai.com/v1")),
                env.optional("OPENAI_API_KEY").map(Secret::new)));
        env.httpUrl("AZURE_OPENAI_ENDPOINT").ifPresent(endpoint -> endpoints.add(ProviderEndpoint.azure(
                "azure",
                endpoint,
                env.optional("AZURE_OPENAI_API_KEY").map(Secret::new),
                env.string("AZURE_OPENAI_API_VERSION", "2025-04-01-preview"))));
        for (String variable : env.namesStartingWith(CUSTOM_PREFIX)) {
            if (!variable.endsWith(CUSTOM_SUFFIX)) {
                continue;
            }
            String upper = variable.substring(CUSTOM_PREFIX.length(), variable.length() - CUSTOM_SUFFIX.length());
            String name = upper.toLowerCase(Locale.ROOT).replace('_', '-');
            env.httpUrl(variable).ifPresent(url -> endpoints.add(ProviderEndpoint.openAiCompatible(
                    name, url, env.optional(CUSTOM_PREFIX + upper + "_API_KEY").map(Secret::new))));
        }
        Optional<URI> mockUrl = env.httpUrl("FERRY_MOCK_PROVIDER_URL");
        mockUrl.ifPresent(url -> endpoints.add(ProviderEndpoint.openAiCompatible(MOCK, url, Optional.empty())));
        return new ProviderSettings(endpoints, mockUrl);
    }
}
