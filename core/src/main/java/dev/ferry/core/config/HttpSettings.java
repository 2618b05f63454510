package dev.ferry.core.config;

import java.util.Objects;

/**
 * The HTTP ingress: where it listens, how much it accepts and the result TTL rules of async jobs.
 *
 * @param rateLimitPerSecond requests per second each principal may send (bursts of twice that); 0 = unlimited
 * @param minRequestDataRate bytes per second below which a client sending a request body is cut off (after a grace
 *     period); 0 = no limit
 * @param backlogQuota unfinished async jobs each principal may have; 0 = unlimited
 * @param tokenCounting the pool that counts input tokens
 */
public record HttpSettings(
        String host,
        int port,
        long maxBodyBytes,
        long defaultResultTtlSeconds,
        long maxResultTtlSeconds,
        int rateLimitPerSecond,
        long minRequestDataRate,
        long backlogQuota,
        TokenCountSettings tokenCounting) {

    public HttpSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(tokenCounting, "tokenCounting");
        if (rateLimitPerSecond < 0 || minRequestDataRate < 0 || backlogQuota < 0) {
            throw new IllegalArgumentException("limits must not be negative");
        }
        if (defaultResultTtlSeconds > maxResultTtlSeconds) {
            throw new IllegalArgumentException("the default result TTL exceeds the maximum");
        }
    }

    /** Settings with the default token-counting pool. */
    public HttpSettings(String host, int port, long maxBodyBytes, long defaultResultTtlSeconds,
            long maxResultTtlSeconds, int rateLimitPerSecond, long minRequestDataRate, long backlogQuota) {
        this(host, port, maxBodyBytes, defaultResultTtlSeconds, maxResultTtlSeconds, rateLimitPerSecond,
                minRequestDataRate, backlogQuota, TokenCountSettings.DEFAULT);
    }

    public HttpSettings withHost(String newHost) {
        return new HttpSettings(newHost, port, maxBodyBytes, defaultResultTtlSeconds, maxResultTtlSeconds,
                rateLimitPerSecond, minRequestDataRate, backlogQuota, tokenCounting);
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
                maxTtl,
                env.integer("FERRY_RATE_LIMIT_PER_SECOND", 0, 0, 1_000_000),
                env.longValue("FERRY_MIN_REQUEST_DATA_RATE", 256, 0, 1L << 30),
                env.longValue("FERRY_BACKLOG_QUOTA", 0, 0, Long.MAX_VALUE),
                TokenCountSettings.from(env));
    }
}
