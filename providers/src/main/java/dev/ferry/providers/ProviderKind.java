package dev.ferry.providers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.config.ProviderEndpoint;
import java.net.URI;
import java.util.Map;

/**
 * How one kind of upstream that speaks the Responses API is addressed: where an operation is posted and which headers
 * authenticate it. Adding a kind is one implementation and one entry in {@link ProviderKinds}.
 */
public interface ProviderKind {

    /** The kind's name in {@link ProviderEndpoint#kind()}. */
    String name();

    /**
     * The URL of an operation for one configured endpoint.
     *
     * @param operation {@code /responses} or {@code /responses/input_tokens}
     * @param request the client's request, whose gateway-only fields may carry what the URL needs
     */
    URI uri(ProviderEndpoint endpoint, String operation, ObjectNode request);

    /** The headers that authenticate a request to the endpoint; empty without an API key. */
    Map<String, String> authHeaders(ProviderEndpoint endpoint);

    /** The endpoint's base URL without trailing slashes. */
    static String base(ProviderEndpoint endpoint) {
        String base = endpoint.baseUrl().toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base;
    }
}
