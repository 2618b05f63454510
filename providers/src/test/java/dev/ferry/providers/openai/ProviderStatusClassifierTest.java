package dev.ferry.providers.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.core.serde.Json;
import dev.ferry.providers.ProviderOutcome;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ProviderStatusClassifierTest {

    private final ProviderStatusClassifier classifier = new ProviderStatusClassifier(Json.newMapper());

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private ProviderOutcome.Failure failure(int status, Optional<String> retryAfter, String body) {
        return assertInstanceOf(ProviderOutcome.Failure.class, classifier.classify(status, retryAfter, bytes(body)));
    }

    @Test
    void shouldAcceptA2xxJsonObject() {
        ProviderOutcome outcome = classifier.classify(200, Optional.empty(), bytes("{\"id\":\"resp_1\"}"));

        assertEquals("resp_1", assertInstanceOf(ProviderOutcome.Success.class, outcome).response().topLevelText("id"));
    }

    @Test
    void shouldRejectA2xxJsonArray() {
        ProviderOutcome.Failure failure = failure(200, Optional.empty(), "[1]");

        assertEquals(502, failure.error().httpStatus());
        assertEquals("invalid_provider_response", failure.error().code());
        assertFalse(failure.retryable());
    }

    @ParameterizedTest
    @CsvSource({
        "400, invalid_request_error, false",
        "401, authentication_error, false",
        "403, permission_error, false",
        "404, not_found_error, false",
        "408, invalid_request_error, true",
        "409, invalid_request_error, true",
        "422, invalid_request_error, false",
        "429, rate_limit_error, true",
        "500, server_error, true",
        "502, server_error, true",
        "503, server_error, true",
    })
    void shouldClassifyAStatusWithoutAnErrorBody(int status, String type, boolean retryable) {
        ProviderOutcome.Failure failure = failure(status, Optional.empty(), "upstream exploded");

        assertEquals(status, failure.error().httpStatus());
        assertEquals(type, failure.error().type());
        assertEquals(retryable, failure.retryable());
        assertFalse(failure.error().message().isBlank());
    }

    @Test
    void shouldPreferTheTypeInTheErrorBody() {
        ProviderOutcome.Failure failure = failure(
                503, Optional.empty(), "{\"error\":{\"message\":\"overloaded\",\"type\":\"api_error\",\"code\":42}}");

        assertEquals("api_error", failure.error().type());
        assertEquals("42", failure.error().code());
        assertEquals("overloaded", failure.error().message());
    }

    @Test
    void shouldReadAnErrorGivenAsAString() {
        ProviderOutcome.Failure failure = failure(404, Optional.empty(), "{\"error\":\"no such model\"}");

        assertEquals("no such model", failure.error().message());
        assertEquals("not_found_error", failure.error().type());
    }

    @Test
    void shouldParseRetryAfterSeconds() {
        assertEquals(Optional.of(Duration.ofSeconds(7)), failure(429, Optional.of(" 7 "), "").retryAfter());
        assertEquals(Optional.empty(), failure(429, Optional.of("Wed, 21 Oct 2015 07:28:00 GMT"), "").retryAfter());
        assertEquals(Optional.empty(), failure(429, Optional.of("-1"), "").retryAfter());
    }

    @Test
    void shouldTreatAnUnexpectedStatusAsABadGateway() {
        ProviderOutcome.Failure failure = failure(302, Optional.empty(), "");

        assertEquals(502, failure.error().httpStatus());
        assertFalse(failure.retryable());
    }

    @Test
    void shouldClassifyATimeoutAsRetryable504() {
        ProviderOutcome outcome = classifier.classify(
                new CompletionException(new HttpTimeoutException("request timed out")), Duration.ofMillis(300));

        ProviderOutcome.Failure failure = assertInstanceOf(ProviderOutcome.Failure.class, outcome);
        assertEquals(504, failure.error().httpStatus());
        assertEquals("provider_timeout", failure.error().code());
        assertTrue(failure.retryable());
    }

    @Test
    void shouldClassifyAConnectionFailureAsRetryable502() {
        ProviderOutcome outcome = classifier.classify(new ConnectException("refused"), Duration.ofSeconds(1));

        ProviderOutcome.Failure failure = assertInstanceOf(ProviderOutcome.Failure.class, outcome);
        assertEquals(502, failure.error().httpStatus());
        assertEquals("provider_unreachable", failure.error().code());
        assertTrue(failure.retryable());
    }
}
