package dev.ferry.mockprovider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.config.MockProviderSettings;
import dev.ferry.core.job.JobError;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /v1/responses}: validates the request, waits the latency without holding a thread, then answers with
 * a Responses object, an SSE stream, or the error a directive or the error rate asks for. A client that hung up while
 * its request waited gets no answer; its request counts as cancelled.
 */
final class MockResponseHandler {

    /** The {@code api-version} values the mock's Azure route serves. */
    static final Set<String> AZURE_API_VERSIONS =
            Set.of("2024-10-21", "2025-03-01-preview", "2025-04-01-preview", "preview", "latest", "v1");

    private final MockProviderSettings settings;
    private final ObjectMapper mapper;
    private final MockResponses responses;
    private final MockSseEvents sseEvents;
    private final MockDice dice;
    private final MockTimer timer;
    private final MockStats stats;
    private final Clock clock;

    MockResponseHandler(
            MockProviderSettings settings,
            ObjectMapper mapper,
            MockResponses responses,
            MockDice dice,
            MockTimer timer,
            MockStats stats,
            Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.responses = Objects.requireNonNull(responses, "responses");
        this.sseEvents = new MockSseEvents(responses);
        this.dice = Objects.requireNonNull(dice, "dice");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.stats = Objects.requireNonNull(stats, "stats");
    }

    void create(Context ctx) throws IOException {
        byte[] body = ctx.bodyAsBytes();
        stats.accepted();
        JsonNode parsed;
        try {
            parsed = mapper.readTree(body);
        } catch (IOException notJson) {
            parsed = null;
        }
        if (parsed == null || !parsed.isObject()) {
            answerError(ctx, 400, "We could not parse the JSON body of your request.", null, "invalid_json");
            return;
        }
        ObjectNode request = (ObjectNode) parsed;
        JsonNode model = request.get("model");
        if (model == null || !model.isTextual() || model.asText().isBlank()) {
            answerError(ctx, 400, "Missing required parameter: 'model'.", "model", "missing_required_parameter");
            return;
        }
        ctx.header("x-request-id", "req_" + dice.hex(32));
        MockDirectives directives = MockDirectives.parse(model.asText());
        Duration latency = directives.sleep().orElse(settings.latency());
        MockTurn turn = responses.turn(request);
        MockClientConnection client = MockClientConnection.of(ctx.req());
        ctx.future(() -> timer.after(latency).thenCompose(elapsed -> client.hungUp()
                ? abandon()
                : answer(ctx, turn, directives)));
    }

    private CompletableFuture<Void> abandon() {
        stats.cancelled();
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Azure OpenAI's {@code POST /openai/responses?api-version=…}: refuses, as Azure does, a request without an
     * {@code api-version} or with one it does not serve ({@link #AZURE_API_VERSIONS}).
     */
    void createOnAzure(Context ctx) throws IOException {
        String version = ctx.queryParam("api-version");
        if (version == null || !AZURE_API_VERSIONS.contains(version)) {
            stats.accepted();
            answerError(ctx, 400, version == null ? "Missing required query parameter: api-version."
                    : "API version not supported: " + version, "api-version", "BadRequest");
            return;
        }
        create(ctx);
    }

    /** {@code POST /v1/responses/input_tokens}: the count OpenAI's endpoint answers, with the same tokenizer. */
    void countInputTokens(Context ctx) {
        ctx.header("x-request-id", "req_" + dice.hex(32));
        JsonNode parsed;
        try {
            parsed = mapper.readTree(ctx.bodyAsBytes());
        } catch (IOException notJson) {
            parsed = null;
        }
        if (parsed == null || !parsed.isObject() || !parsed.path("model").isTextual()) {
            answerJson(ctx, 400, responses.error("Send a JSON object with a 'model'.", "invalid_request_error",
                    "model", "missing_required_parameter"));
            return;
        }
        ObjectNode answer = responses.object();
        answer.put("object", "response.input_tokens");
        answer.put("input_tokens", responses.inputTokens((ObjectNode) parsed));
        answerJson(ctx, 200, answer);
    }

    private CompletableFuture<Void> answer(Context ctx, MockTurn turn, MockDirectives directives) {
        if (directives.failStatus().isPresent()) {
            int status = directives.failStatus().getAsInt();
            if (status == 429) {
                // what OpenAI sends with a rate limit: when to retry, and the limit that was hit
                ctx.header("Retry-After", "1");
                ctx.header("retry-after-ms", "1000");
                ctx.header("x-ratelimit-limit-requests", "60");
                ctx.header("x-ratelimit-remaining-requests", "0");
                ctx.header("x-ratelimit-reset-requests", "1s");
            }
            answerError(ctx, status, "The mock provider was asked to fail with status " + status + ".", null,
                    "mock_fail_" + status);
        } else if (dice.chance(settings.errorRate())) {
            answerError(ctx, 500, "The server had an error while processing your request.", null, "server_error");
        } else if (turn.request().path("stream").asBoolean(false)) {
            return new MockSseStream(ctx.res(), sseEvents.of(turn), directives.streamGap(), mapper, timer, stats,
                    directives.stamp() ? Optional.of(clock) : Optional.empty()).start();
        } else {
            answerJson(ctx, 200, responses.completed(turn));
            stats.completed();
        }
        return CompletableFuture.completedFuture(null);
    }

    private void answerError(Context ctx, int status, String message, String param, String code) {
        String type = JobError.defaultType(status);
        answerJson(ctx, status, responses.error(message, type, param, code));
        stats.failed();
    }

    private void answerJson(Context ctx, int status, ObjectNode body) {
        try {
            ctx.status(status).contentType("application/json").result(mapper.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalStateException("a response body could not be written as JSON", e);
        }
    }
}
