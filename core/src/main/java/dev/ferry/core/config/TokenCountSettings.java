package dev.ferry.core.config;

import java.util.Map;

/**
 * The pool that counts input tokens for {@code POST …/responses/input_tokens}: counting a large input takes CPU, so
 * it runs on a few threads of its own and a full pool refuses further counts with 429 and {@code Retry-After}.
 *
 * @param threads counts running at once
 * @param queue counts waiting for a thread; each holds its request body (up to the body limit) while it waits
 */
public record TokenCountSettings(int threads, int queue) {

    /** The settings with no variable set. */
    public static final TokenCountSettings DEFAULT = from(new Env(Map.of()));

    public TokenCountSettings {
        if (threads < 1 || queue < 0) {
            throw new IllegalArgumentException("token counting needs at least one thread and a queue of 0 or more");
        }
    }

    static TokenCountSettings from(Env env) {
        return new TokenCountSettings(
                env.integer("FERRY_TOKEN_COUNT_THREADS", 2, 1, 256),
                env.integer("FERRY_TOKEN_COUNT_QUEUE", 8, 0, 10_000));
    }
}
