package dev.ferry.providers.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.config.ProviderEndpoint;
import dev.ferry.core.job.JobError;
import dev.ferry.providers.ProviderClient;
import dev.ferry.providers.ProviderKind;
import dev.ferry.providers.ProviderKinds;
import dev.ferry.providers.ProviderOutcome;
import dev.ferry.providers.StreamListener;
import dev.ferry.providers.StreamOutcome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
    /** Fields only Bifrost (or Ferry) understands; they never go upstream. */
    private static final List<String> GATEWAY_ONLY_FIELDS = List.of("fallbacks", "extra_params",
            AzureOpenAiKind.API_VERSION_FIELD);
    /** How much longer than the request timeout the overall guard waits before it gives up on the exchange. */
    private static final Duration GUARD_GRACE = Duration.ofMillis(250);

    private final ProviderEndpoint endpoint;
    private final HttpClient http;
    private final ObjectMapper mapper;
    private final ProviderStatusClassifier classifier;
    private final ProviderKind kind;
    private final Map<String, String> authHeaders;

    public OpenAiCompatibleProvider(ProviderEndpoint endpoint, HttpClient http, ObjectMapper mapper) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.http = Objects.requireNonNull(http, "http");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.classifier = new ProviderStatusClassifier(mapper);
        this.kind = ProviderKinds.of(endpoint);
        this.authHeaders = kind.authHeaders(endpoint);
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
            httpRequest = httpRequest(uri("/responses", request), upstreamBody(upstreamModel, request), timeout,
                    "application/json");
        } catch (JsonProcessingException | IllegalArgumentException e) {
            LOG.warn("A request for provider '{}' could not be built: {}", endpoint.name(), e.getMessage());
            return CompletableFuture.completedFuture(unsendable(e));
        }
        return exchange(httpRequest, upstreamModel, timeout);
    }

    /** Asks the provider's {@code POST /responses/input_tokens} to count the request's input tokens. */
    @Override
    public CompletableFuture<ProviderOutcome> countInputTokens(
            String upstreamModel,
            ObjectNode request,
            Duration timeout) {
        HttpRequest httpRequest;
        try {
            ObjectNode body = upstreamBody(upstreamModel, request);
            body.remove("stream");
            httpRequest = httpRequest(uri("/responses/input_tokens", request), body, timeout, "application/json");
        } catch (JsonProcessingException | IllegalArgumentException e) {
            LOG.warn("A count request for provider '{}' could not be built: {}", endpoint.name(), e.getMessage());
            return CompletableFuture.completedFuture(unsendable(e));
        }
        return exchange(httpRequest, upstreamModel, timeout);
    }

    private CompletableFuture<ProviderOutcome> exchange(HttpRequest httpRequest, String upstreamModel,
            Duration timeout) {
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

    /**
     * Streams one create request: the upstream gets {@code stream:true}, and its SSE body is read as it arrives,
     * without a thread of its own; see {@link ProviderClient#streamResponse}.
     */
    @Override
    public CompletableFuture<StreamOutcome> streamResponse(
            String upstreamModel,
            ObjectNode request,
            Duration timeout,
            StreamListener listener) {
        Objects.requireNonNull(upstreamModel, "upstreamModel");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(listener, "listener");
        HttpRequest httpRequest;
        try {
            httpRequest = httpRequest(uri("/responses", request), upstreamBody(upstreamModel, request, true), timeout,
                    "text/event-stream");
        } catch (JsonProcessingException | IllegalArgumentException e) {
            LOG.warn("A streamed request for provider '{}' could not be built: {}", endpoint.name(), e.getMessage());
            return CompletableFuture.completedFuture(new StreamOutcome.Failed(unsendable(e), 0));
        }
        UpstreamEventStream stream = new UpstreamEventStream(listener, mapper, classifier, timeout);
        CompletableFuture<StreamOutcome> outcome = stream.follow(http.sendAsync(httpRequest, stream::bodyFor));
        outcome.thenAccept(result -> {
            if (result instanceof StreamOutcome.Failed failed) {
                LOG.debug("The stream from provider '{}' for model '{}' failed after {} events: {}",
                        endpoint.name(), upstreamModel, failed.events(), failed.failure().error().message());
            }
        });
        return outcome;
    }

    ObjectNode upstreamBody(String upstreamModel, ObjectNode request) {
        return upstreamBody(upstreamModel, request, false);
    }

    /**
     * The body sent upstream: the client's request without gateway-only fields, naming the upstream model. A shallow
     * copy: its values are the request's own nodes, which are only read, so a long input is never copied.
     */
    ObjectNode upstreamBody(String upstreamModel, ObjectNode request, boolean stream) {
        ObjectNode body = mapper.createObjectNode();
        request.fields().forEachRemaining(field -> {
            if (!GATEWAY_ONLY_FIELDS.contains(field.getKey())) {
                body.set(field.getKey(), field.getValue());
            }
        });
        body.put("model", upstreamModel);
        body.put("stream", stream);
        return body;
    }

    private HttpRequest httpRequest(URI uri, ObjectNode body, Duration timeout, String accept)
            throws JsonProcessingException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", accept)
                .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body)));
        authHeaders.forEach(builder::header);
        return builder.build();
    }

    private static ProviderOutcome.Failure unsendable(Exception e) {
        return new ProviderOutcome.Failure(
                new JobError(400, "invalid_request_error", "invalid_request_body",
                        "the request could not be sent to the provider: " + e.getMessage(), null),
                false,
                Optional.empty());
    }

    private ProviderOutcome classify(String upstreamModel, HttpResponse<byte[]> response) {
        ProviderOutcome outcome = classifier.classify(
                response.statusCode(), response.headers(), response.body());
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

    private URI uri(String operation, ObjectNode request) {
        return kind.uri(endpoint, operation, request);
    }
}
