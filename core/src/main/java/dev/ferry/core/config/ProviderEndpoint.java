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
 * @param kind how the upstream is addressed: {@link #OPENAI} (any OpenAI-compatible base URL) or {@link #AZURE}
 *     ({@code api-key} header, {@code api-version} query); the providers module maps each kind to its addressing
 * @param apiVersion Azure's {@code api-version} query parameter
 */
public record ProviderEndpoint(
        String name, URI baseUrl, Optional<Secret> apiKey, String kind, Optional<String> apiVersion) {

    /** The kind of OpenAI itself and of any upstream that speaks its API at a base URL. */
    public static final String OPENAI = "openai";
    /** The kind of Azure OpenAI deployments. */
    public static final String AZURE = "azure";

    public ProviderEndpoint {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(apiVersion, "apiVersion");
    }

    public static ProviderEndpoint openAiCompatible(String name, URI baseUrl, Optional<Secret> apiKey) {
        return new ProviderEndpoint(name, baseUrl, apiKey, OPENAI, Optional.empty());
    }

    public static ProviderEndpoint azure(String name, URI baseUrl, Optional<Secret> apiKey, String apiVersion) {
        return new ProviderEndpoint(name, baseUrl, apiKey, AZURE, Optional.of(apiVersion));
    }
}
