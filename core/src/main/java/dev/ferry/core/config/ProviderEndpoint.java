package dev.ferry.core.config;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * One upstream that speaks the OpenAI Responses API.
 *
 * @param name the provider prefix of models routed here ({@code name/model})
 * @param baseUrl the URL {@code /responses} is appended to, e.g. {@code https://api.openai.com/v1}
 * @param apiKey sent as {@code Authorization: Bearer} or, for Azure, as {@code api-key}; never logged
 * @param azure true for Azure OpenAI deployments ({@code api-key} header, {@code api-version} query)
 * @param apiVersion Azure's {@code api-version} query parameter
 */
public record ProviderEndpoint(
        String name, URI baseUrl, Optional<Secret> apiKey, boolean azure, Optional<String> apiVersion) {

    public ProviderEndpoint {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(apiVersion, "apiVersion");
    }

    public static ProviderEndpoint openAiCompatible(String name, URI baseUrl, Optional<Secret> apiKey) {
        return new ProviderEndpoint(name, baseUrl, apiKey, false, Optional.empty());
    }
}
