package dev.ferry.core.batch;

import com.fasterxml.jackson.databind.JsonNode;

/** Token usage summed over a batch's completed lines, in the shape of OpenAI's batch {@code usage}. */
public record BatchUsage(long inputTokens, long cachedTokens, long outputTokens, long reasoningTokens,
        long totalTokens) {

    public static final BatchUsage NONE = new BatchUsage(0, 0, 0, 0, 0);

    /** A Responses object's {@code usage} ({@code input_tokens} …); none when it is missing or not an object. */
    public static BatchUsage of(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return NONE;
        }
        long input = usage.path("input_tokens").asLong(0);
        long output = usage.path("output_tokens").asLong(0);
        return new BatchUsage(input, usage.path("input_tokens_details").path("cached_tokens").asLong(0), output,
                usage.path("output_tokens_details").path("reasoning_tokens").asLong(0),
                usage.path("total_tokens").asLong(input + output));
    }

    public BatchUsage plus(BatchUsage other) {
        return new BatchUsage(inputTokens + other.inputTokens, cachedTokens + other.cachedTokens,
                outputTokens + other.outputTokens, reasoningTokens + other.reasoningTokens,
                totalTokens + other.totalTokens);
    }

    public BatchUsage minus(BatchUsage other) {
        return new BatchUsage(inputTokens - other.inputTokens, cachedTokens - other.cachedTokens,
                outputTokens - other.outputTokens, reasoningTokens - other.reasoningTokens,
                totalTokens - other.totalTokens);
    }
}
