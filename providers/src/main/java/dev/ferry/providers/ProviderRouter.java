package dev.ferry.providers;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.core.config.ProviderEndpoint;
import dev.ferry.core.config.ProviderSettings;
import dev.ferry.core.error.FerryException;
import dev.ferry.core.job.ModelRef;
import dev.ferry.providers.openai.OpenAiCompatibleProvider;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** Picks the provider a {@code provider/model} name is addressed to; a bare model name goes to {@code openai}. */
public final class ProviderRouter {

    public static final String DEFAULT_PROVIDER = "openai";

    /** Where one request goes: the provider's name, the model name it knows, and the client that calls it. */
    public record Route(String provider, String upstreamModel, ProviderClient client) {
        public Route {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(upstreamModel, "upstreamModel");
            Objects.requireNonNull(client, "client");
        }
    }

    private final Map<String, ProviderClient> clients;
    private final SortedSet<String> providers;

    public ProviderRouter(Map<String, ProviderClient> clients) {
        this.clients = Map.copyOf(clients);
        this.providers = Collections.unmodifiableSortedSet(new TreeSet<>(this.clients.keySet()));
    }

    /** One {@link OpenAiCompatibleProvider} per configured endpoint, all sharing {@code http} and {@code mapper}. */
    public static ProviderRouter create(ProviderSettings settings, ProviderHttpClient http, ObjectMapper mapper) {
        Map<String, ProviderClient> clients = new TreeMap<>();
        for (ProviderEndpoint endpoint : settings.endpoints()) {
            clients.put(endpoint.name(), new OpenAiCompatibleProvider(endpoint, http, mapper));
        }
        return new ProviderRouter(clients);
    }

    /**
     * Resolves a request's {@code model}.
     *
     * @throws FerryException.InvalidRequest with param {@code model} when the name is malformed or names a provider
     *     that is not configured
     */
    public Route route(String model) {
        if (model == null || model.isBlank()) {
            throw new FerryException.InvalidRequest("model is required", "model", "missing_required_parameter");
        }
        ModelRef ref;
        try {
            ref = ModelRef.parse(model, DEFAULT_PROVIDER);
        } catch (IllegalArgumentException e) {
            throw new FerryException.InvalidRequest(
                    "model '" + model + "' must be a model name or 'provider/model'", "model", "invalid_value");
        }
        ProviderClient client = clients.get(ref.provider());
        if (client == null) {
            throw new FerryException.InvalidRequest(
                    "unknown provider '" + ref.provider() + "' in model '" + model + "'; configured providers: "
                            + String.join(", ", providers()),
                    "model",
                    "model_not_found");
        }
        return new Route(ref.provider(), ref.model(), client);
    }

    public boolean knows(String provider) {
        return clients.containsKey(provider);
    }

    /** The configured provider names, sorted. */
    public SortedSet<String> providers() {
        return providers;
    }
}
