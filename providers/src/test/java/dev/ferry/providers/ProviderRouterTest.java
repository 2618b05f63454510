package dev.ferry.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.core.config.ProviderEndpoint;
import dev.ferry.core.config.ProviderSettings;
import dev.ferry.core.error.FerryException;
import dev.ferry.core.serde.Json;
import dev.ferry.providers.openai.OpenAiCompatibleProvider;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ProviderRouterTest {

    private final ProviderClient openai = (model, request, timeout) -> new CompletableFuture<>();
    private final ProviderClient mock = (model, request, timeout) -> new CompletableFuture<>();
    private final ProviderRouter router = new ProviderRouter(Map.of("openai", openai, "mock", mock));

    @Test
    void shouldRouteAPrefixedModelToItsProvider() {
        ProviderRouter.Route route = router.route("mock/x");

        assertEquals("mock", route.provider());
        assertEquals("x", route.upstreamModel());
        assertSame(mock, route.client());
    }

    @Test
    void shouldRouteOpenAiModels() {
        assertEquals(new ProviderRouter.Route("openai", "gpt-4o", openai), router.route("openai/gpt-4o"));
    }

    @Test
    void shouldRouteABareModelToOpenAi() {
        assertEquals(new ProviderRouter.Route("openai", "gpt-4o", openai), router.route("gpt-4o"));
    }

    @Test
    void shouldSplitOnlyOnTheFirstSlash() {
        assertEquals("ft:gpt-4o:org/custom", router.route("openai/ft:gpt-4o:org/custom").upstreamModel());
    }

    @Test
    void shouldRejectAnUnknownProviderWithParamModel() {
        FerryException.InvalidRequest error =
                assertThrows(FerryException.InvalidRequest.class, () -> router.route("nope/x"));

        assertEquals("model", error.param());
        assertEquals("model_not_found", error.code());
        assertTrue(error.getMessage().contains("'nope'"), error.getMessage());
        assertTrue(error.getMessage().contains("mock, openai"), error.getMessage());
    }

    @Test
    void shouldRejectAMalformedModelWithParamModel() {
        assertEquals("model", assertThrows(FerryException.InvalidRequest.class, () -> router.route("mock/")).param());
        assertEquals("model", assertThrows(FerryException.InvalidRequest.class, () -> router.route(" ")).param());
    }

    @Test
    void shouldKnowItsProviders() {
        assertTrue(router.knows("mock"));
        assertFalse(router.knows("azure"));
    }

    @Test
    void shouldBuildOneOpenAiCompatibleClientPerEndpoint() throws Exception {
        ProviderSettings settings = new ProviderSettings(List.of(
                ProviderEndpoint.openAiCompatible("openai", URI.create("https://api.openai.com/v1"), Optional.empty()),
                ProviderEndpoint.openAiCompatible("mock", URI.create("http://127.0.0.1:1/v1"), Optional.empty())),
                Optional.empty());

        try (ProviderHttpClient http = ProviderHttpClient.start()) {
            ProviderRouter created = ProviderRouter.create(settings, http, Json.newMapper());

            assertInstanceOf(OpenAiCompatibleProvider.class, created.route("mock/echo").client());
            assertEquals(List.of("mock", "openai"), List.copyOf(created.providers()));
        }
    }
}
