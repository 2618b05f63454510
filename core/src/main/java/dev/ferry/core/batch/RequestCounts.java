package dev.ferry.core.batch;

/** OpenAI's {@code request_counts} of a batch: its lines, and how many completed and failed. */
public record RequestCounts(int total, int completed, int failed) {
}
