package dev.ferry.providers;

import dev.ferry.core.config.ProviderEndpoint;
import dev.ferry.providers.openai.AzureOpenAiKind;
import dev.ferry.providers.openai.OpenAiKind;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The one registry of provider kinds, by the name configuration gives them. */
public final class ProviderKinds {

    private static final Map<String, ProviderKind> KINDS = List.of(new OpenAiKind(), new AzureOpenAiKind()).stream()
            .collect(Collectors.toUnmodifiableMap(ProviderKind::name, Function.identity()));

    private ProviderKinds() {
    }

    /**
     * The kind an endpoint is configured with.
     *
     * @throws IllegalArgumentException when no kind has that name
     */
    public static ProviderKind of(ProviderEndpoint endpoint) {
        ProviderKind kind = KINDS.get(endpoint.kind());
        if (kind == null) {
            throw new IllegalArgumentException("provider '" + endpoint.name() + "' has the unknown kind '"
                    + endpoint.kind() + "'; known kinds: " + String.join(", ", KINDS.keySet()));
        }
        return kind;
    }
}
