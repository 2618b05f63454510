package dev.ferry.core.config;

import java.util.Objects;

/** The HTTP ingress: where it listens, how much it accepts and the result TTL rules of async jobs. */
public record HttpSettings(
        String host, int port, long maxBodyBytes, long defaultResultTtlSeconds, long maxResultTtlSeconds) {

    public HttpSettings {
        Objects.requireNonNull(host, "host");
        if (defaultResultTtlSeconds > maxResultTtlSeconds) {
            throw new IllegalArgumentException("the default result TTL exceeds the maximum");
        }
    }

    static HttpSettings from(Env env) {
        long maxTtl = env.longValue("FERRY_RESULT_TTL_MAX_SECONDS", 7 * 24 * 3600, 1, 365L * 24 * 3600);
        long defaultTtl = env.longValue("FERRY_RESULT_TTL_SECONDS", 3600, 1, 365L * 24 * 3600);
        if (defaultTtl > maxTtl) {
            env.problem("FERRY_RESULT_TTL_SECONDS (" + defaultTtl + ") exceeds FERRY_RESULT_TTL_MAX_SECONDS (" + maxTtl + ")");
            defaultTtl = maxTtl;
        }
        return new HttpSettings(
                env.string("FERRY_HOST", "127.0.0.1"),
                env.integer("FERRY_PORT", 8080, 0, 65_535),
                env.longValue("FERRY_MAX_BODY_BYTES", 8L * 1024 * 1024, 1024, 256L * 1024 * 1024),
                defaultTtl,
                maxTtl);
    }
}
