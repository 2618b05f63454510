package dev.ferry.ingress.http;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.knuddels.jtokkit.Encodings;
import dev.ferry.core.config.TokenCountSettings;
import dev.ferry.core.error.FerryException;
import dev.ferry.core.serde.Json;
import dev.ferry.tokens.TokenCounter;
import dev.ferry.ingress.tokens.TokenCountingPool;
import dev.ferry.providers.ProviderClient;
import dev.ferry.providers.ProviderRouter;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Coverage-guided fuzzing of what {@code POST …/responses/input_tokens} does with a body once it has arrived: parse
 * it, route its model and count its tokens. Any bytes become a count of at least the reply priming or a 400 naming
 * {@code model}, {@code input} or {@code stream}, never another exception. A plain {@code mvn test} replays the seeds
 * in {@code InputTokensFuzzTestInputs/}; with {@code JAZZER_FUZZ=1} Jazzer mutates them.
 */
class InputTokensFuzzTest {

    private static final ProviderClient NEVER_CALLED = (model, request, timeout) ->
            CompletableFuture.failedFuture(new AssertionError("counting must not call a provider"));
    private static final ProviderRouter ROUTER = new ProviderRouter(
            Map.of("mock", NEVER_CALLED, "openai", NEVER_CALLED, "azure", NEVER_CALLED, "anthropic", NEVER_CALLED));
    private static final InputTokensRoutes ROUTES = new InputTokensRoutes(
            new RequestBodies(Json.newMapper(), ROUTER, new BoundedBody(8L * 1024 * 1024, 0, System::nanoTime)),
            ROUTER, new TokenCounter(Encodings.newLazyEncodingRegistry()),
            new TokenCountingPool(TokenCountSettings.DEFAULT), Json.newMapper(), new JobBodies(Json.newMapper()),
            java.time.Duration.ofSeconds(5));
    private static final Set<String> PARAMS = Set.of("model", "input", "stream");

    @FuzzTest(maxDuration = "60s")
    void shouldTurnAnyBodyIntoATokenCountOrAnInvalidRequest(byte[] body) {
        int tokens;
        try {
            tokens = ROUTES.count(body, () -> { });
        } catch (FerryException.InvalidRequest rejected) {
            assertNotNull(rejected.code(), "every 400 carries a code");
            assertTrue(rejected.param() == null || PARAMS.contains(rejected.param()), rejected.param());
            return;
        }
        assertTrue(tokens >= TokenCounter.REPLY_PRIMING, "a count below the reply priming: " + tokens);
    }
}
