package dev.ferry.providers.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.config.ProviderEndpoint;
import dev.ferry.core.job.JobError;
import dev.ferry.providers.ProviderClient;
import dev.ferry.providers.ProviderOutcome;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls one upstream that speaks the OpenAI Responses API: OpenAI itself, Azure OpenAI, or any compatible base URL
 * (including Ferry's mock provider). Non-blocking; one instance serves any number of concurrent calls.
 */
public final class OpenAiCompatibleProvider implements ProviderClient {

    private static final Logger LOG = LoggerFactory.getLogger(OpenAiCompatibleProvider.class);
    /** Fields only Bifrost understands; they never go upstream. */
    private static final List<String> GATEWAY_ONLY_FIELDS = List.of("fallbacks", "extra_params");
    /** How much longer than the request timeout the overall guard waits before it gives up on the exchange. */
    private static final Duration GUARD_GRACE = Duration.ofMillis(250);

    private final ProviderEndpoint endpoint;
    private final HttpClient http;
    private final ObjectMapper mapper;
    private final ProviderStatusClassifier classifier;
    private final URI responsesUri;

    public OpenAiCompatibleProvider(ProviderEndpoint endpoint, HttpClient http, ObjectMapper mapper) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.http = Objects.requireNonNull(http, "http");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.classifier = new ProviderStatusClassifier(mapper);
        this.responsesUri = responsesUri(endpoint);
    }

    /** The URL create requests are posted to. */
    public URI responsesUri() {
        return responsesUri;
    }

    @Override
    public CompletableFuture<ProviderOutcome> createResponse(
            String upstreamModel,
            ObjectNode request,
            Duration timeout) {
        Objects.requireNonNull(upstreamModel, "upstreamModel");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(timeout, "timeout");
        HttpRequest httpRequest;
        try {
            httpRequest = httpRequest(upstreamBody(upstreamModel, request), timeout);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            LOG.warn("A request for provider '{}' could not be built: {}", endpoint.name(), e.getMessage());
            return CompletableFuture.completedFuture(new ProviderOutcome.Failure(
                    new JobError(400, "invalid_request_error", "invalid_request_body",
                            "the request could not be sent to the provider: " + e.getMessage(), null),
                    false,
                    Optional.empty()));
        }
        CompletableFuture<HttpResponse<byte[]>> exchange =
                http.sendAsync(httpRequest, HttpResponse.BodyHandlers.ofByteArray());
        CompletableFuture<ProviderOutcome> outcome = new CompletableFuture<>();
        exchange.whenComplete((response, failure) -> outcome.complete(
                failure == null ? classify(upstreamModel, response) : classify(upstreamModel, failure, timeout)));
        outcome.completeOnTimeout(
                classifier.timeout(timeout), timeout.plus(GUARD_GRACE).toMillis(), TimeUnit.MILLISECONDS);
        // Whether the caller cancelled or the guard fired, an exchange still running is no longer wanted.
        outcome.whenComplete((result, failure) -> exchange.cancel(true));
        return outcome;
    }

    ObjectNode upstreamBody(String upstreamModel, ObjectNode request) {
        ObjectNode body = request.deepCopy();
        GATEWAY_ONLY_FIELDS.forEach(body::remove);
        body.put("model", upstreamModel);
        body.put("stream", false);
        return body;
    }

    private HttpRequest httpRequest(ObjectNode body, Duration timeout) throws JsonProcessingException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(responsesUri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body)));
        endpoint.apiKey().ifPresent(key -> {
            if (endpoint.azure()) {
                builder.header("api-key", key.value());
            } else {
                builder.header("Authorization", "Bearer " + key.value());
            }
        });
        return builder.build();
    }

    private ProviderOutcome classify(String upstreamModel, HttpResponse<byte[]> response) {
        ProviderOutcome outcome = classifier.classify(
                response.statusCode(), response.headers().firstValue("Retry-After"), response.body());
        if (outcome instanceof ProviderOutcome.Failure) {
            LOG.debug("Provider '{}' answered {} for model '{}'.",
                    endpoint.name(), response.statusCode(), upstreamModel);
        }
        return outcome;
    }

    private ProviderOutcome classify(String upstreamModel, Throwable failure, Duration timeout) {
        ProviderOutcome outcome = classifier.classify(failure, timeout);
        if (outcome instanceof ProviderOutcome.Failure) {
            LOG.debug("The call to provider '{}' for model '{}' failed: {}",
                    endpoint.name(), upstreamModel, ((ProviderOutcome.Failure) outcome).error().message());
        }
        return outcome;
    }

    static URI responsesUri(ProviderEndpoint endpoint) {
        String base = endpoint.baseUrl().toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        if (!endpoint.azure()) {
            return URI.create(base + "/responses");
        }
        String query = endpoint.apiVersion()
                .map(version -> "?api-version=" + URLEncoder.encode(version, StandardCharsets.UTF_8))
                .orElse("");
        return URI.create(base + "/openai/responses" + query);
    }
}
