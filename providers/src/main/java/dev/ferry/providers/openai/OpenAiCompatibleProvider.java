package dev.ferry.providers.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.config.ProviderEndpoint;
import dev.ferry.core.job.JobError;
import dev.ferry.providers.ProviderClient;
import dev.ferry.providers.ProviderHttpClient;
import dev.ferry.providers.ProviderKind;
import dev.ferry.providers.ProviderKinds;
import dev.ferry.providers.ProviderOutcome;
import dev.ferry.providers.StreamListener;
import dev.ferry.providers.StreamOutcome;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
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
    /** The largest answer read whole: as good as no limit, like the byte arrays answers were read into before. */
    private static final int MAX_ANSWER_BYTES = Integer.MAX_VALUE - 8;

    private final ProviderEndpoint endpoint;
    private final ProviderHttpClient http;
    private final ObjectMapper mapper;
    private final ProviderStatusClassifier classifier;
    private final ProviderKind kind;
    private final Map<String, String> authHeaders;

    public OpenAiCompatibleProvider(ProviderEndpoint endpoint, ProviderHttpClient http, ObjectMapper mapper) {
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
        Request httpRequest;
        try {
            httpRequest = httpRequest(uri("/responses", request), upstreamBody(upstreamModel, request),
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
        Request httpRequest;
        try {
            ObjectNode body = upstreamBody(upstreamModel, request);
            body.remove("stream");
            httpRequest = httpRequest(uri("/responses/input_tokens", request), body, "application/json");
        } catch (JsonProcessingException | IllegalArgumentException e) {
            LOG.warn("A count request for provider '{}' could not be built: {}", endpoint.name(), e.getMessage());
            return CompletableFuture.completedFuture(unsendable(e));
        }
        return exchange(httpRequest, upstreamModel, timeout);
    }

    /** Sends the request and reads the answer whole; the timeout bounds the whole exchange, body included. */
    private CompletableFuture<ProviderOutcome> exchange(Request httpRequest, String upstreamModel,
            Duration timeout) {
        CompletableFuture<ProviderOutcome> outcome = new CompletableFuture<>();
        httpRequest.timeout(timeout.toMillis(), TimeUnit.MILLISECONDS).send(
                new BufferingResponseListener(MAX_ANSWER_BYTES) {
                    @Override
                    public void onComplete(Result result) {
                        if (result.isFailed() && http.isClosing()) {
                            return;
                        }
                        outcome.complete(result.isFailed()
                                ? classify(upstreamModel, result.getFailure(), timeout)
                                : classify(upstreamModel, result.getResponse(), getContent()));
                    }
                });
        // A caller that cancelled no longer wants the exchange; aborting it closes the connection.
        outcome.whenComplete((result, failure) -> {
            if (failure != null) {
                httpRequest.abort(failure);
            }
        });
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
        Request httpRequest;
        try {
            httpRequest = httpRequest(uri("/responses", request), upstreamBody(upstreamModel, request, true),
                    "text/event-stream");
        } catch (JsonProcessingException | IllegalArgumentException e) {
            LOG.warn("A streamed request for provider '{}' could not be built: {}", endpoint.name(), e.getMessage());
            return CompletableFuture.completedFuture(new StreamOutcome.Failed(unsendable(e), 0));
        }
        UpstreamEventStream stream = new UpstreamEventStream(listener, mapper, classifier, timeout, http::isClosing);
        CompletableFuture<StreamOutcome> outcome = stream.follow(httpRequest);
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

    private Request httpRequest(URI uri, ObjectNode body, String accept) throws JsonProcessingException {
        byte[] bytes = mapper.writeValueAsBytes(body);
        return http.newRequest(uri)
                .method(HttpMethod.POST)
                .headers(headers -> {
                    headers.put(HttpHeader.ACCEPT, accept);
                    authHeaders.forEach(headers::put);
                })
                .body(new BytesRequestContent("application/json", bytes));
    }

    private static ProviderOutcome.Failure unsendable(Exception e) {
        return new ProviderOutcome.Failure(
                new JobError(400, "invalid_request_error", "invalid_request_body",
                        "the request could not be sent to the provider: " + e.getMessage(), null),
                false,
                Optional.empty());
    }

    private ProviderOutcome classify(String upstreamModel, Response response, byte[] body) {
        ProviderOutcome outcome = classifier.classify(response.getStatus(), response.getHeaders(), body);
        if (outcome instanceof ProviderOutcome.Failure) {
            LOG.debug("Provider '{}' answered {} for model '{}'.",
                    endpoint.name(), response.getStatus(), upstreamModel);
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
