package dev.ferry.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.error.FerryException;
import dev.ferry.core.job.JobError;
import dev.ferry.core.serde.RawJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class FallbackChainTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final List<String> called = new ArrayList<>();

    private ProviderClient answering(ProviderOutcome outcome) {
        return (model, request, timeout) -> {
            called.add(model);
            return CompletableFuture.completedFuture(outcome);
        };
    }

    private static ProviderOutcome.Failure failure(int status, boolean retryable) {
        return new ProviderOutcome.Failure(new JobError(status, "server_error", "s" + status, "failed " + status, null),
                retryable, Optional.empty());
    }

    private ObjectNode request(String model, String... fallbacks) {
        ObjectNode request = mapper.createObjectNode().put("model", model).put("input", "x");
        var array = request.putArray("fallbacks");
        for (String fallback : fallbacks) {
            array.add(fallback);
        }
        return request;
    }

    private FallbackChain chain(ProviderOutcome primary, ProviderOutcome secondary) {
        return new FallbackChain(new ProviderRouter(Map.of("a", answering(primary), "b", answering(secondary))));
    }

    @Test
    void shouldTryTheFallbackAfterARetryableFailure() {
        ProviderOutcome ok = new ProviderOutcome.Success(
                RawJson.of(mapper.createObjectNode().put("id", "resp_b"), mapper.writer()));

        ProviderOutcome outcome = chain(failure(503, true), ok)
                .createResponse(request("a/one", "b/two"), Duration.ofSeconds(1)).join();

        assertEquals(ok, outcome);
        assertEquals(List.of("one", "two"), called);
    }

    @Test
    void shouldAbortTheRunningCallWhenCancelled() {
        CompletableFuture<ProviderOutcome> running = new CompletableFuture<>();
        ProviderClient hanging = (model, request, timeout) -> running;
        FallbackChain chain = new FallbackChain(new ProviderRouter(Map.of("a", answering(failure(503, true)),
                "b", hanging)));
        CompletableFuture<ProviderOutcome> outcome = chain.createResponse(request("a/one", "b/two"),
                Duration.ofSeconds(1));

        outcome.cancel(true);

        assertTrue(running.isCancelled(), "the fallback's call still runs");
    }

    @Test
    void shouldNotFallBackAfterATerminalFailure() {
        ProviderOutcome outcome = chain(failure(400, false), failure(503, true))
                .createResponse(request("a/one", "b/two"), Duration.ofSeconds(1)).join();

        assertEquals(400, ((ProviderOutcome.Failure) outcome).error().httpStatus());
        assertEquals(List.of("one"), called);
    }

    @Test
    void shouldAnswerThePrimarysFailureWhenEveryModelFails() {
        ProviderOutcome outcome = chain(failure(503, true), failure(429, true))
                .createResponse(request("a/one", "b/two"), Duration.ofSeconds(1)).join();

        assertEquals(503, ((ProviderOutcome.Failure) outcome).error().httpStatus());
        assertEquals(List.of("one", "two"), called);
    }

    @Test
    void shouldRejectAnUnknownFallbackNamingTheField() {
        FerryException.InvalidRequest error = assertThrows(FerryException.InvalidRequest.class,
                () -> chain(failure(503, true), failure(503, true)).routes(request("a/one", "nope/x")));

        assertEquals("fallbacks", error.param());
    }

    @Test
    void shouldRejectFallbacksThatAreNotAnArrayOfNames() {
        ObjectNode request = mapper.createObjectNode().put("model", "a/one").put("fallbacks", "b/two");

        assertInstanceOf(FerryException.InvalidRequest.class, assertThrows(FerryException.class,
                () -> chain(failure(503, true), failure(503, true)).routes(request)));
    }
}
