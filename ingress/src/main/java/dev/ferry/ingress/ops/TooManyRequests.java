package dev.ferry.ingress.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** Counts the 429s Ferry answers, by reason ({@code ferry_http_too_many_requests_total{reason}}). */
public final class TooManyRequests {

    /** Why a request was answered 429; the label's values. */
    public enum Reason {
        /** {@code FERRY_RATE_LIMIT_PER_SECOND} */
        RATE_LIMIT,
        /** {@code FERRY_BACKLOG_QUOTA} */
        BACKLOG_QUOTA,
        /** the token-counting pool was full */
        TOKEN_COUNTING_BUSY,
        /** a synchronous call's provider answered 429 */
        PROVIDER,
        OTHER;

        /** The reason of a 429 whose error code is {@code code}. */
        public static Reason ofCode(String code) {
            if (code == null) {
                return OTHER;
            }
            return switch (code) {
                case "rate_limit_exceeded" -> RATE_LIMIT;
                case "backlog_quota_exceeded" -> BACKLOG_QUOTA;
                case "token_counting_busy" -> TOKEN_COUNTING_BUSY;
                default -> OTHER;
            };
        }
    }

    private final Map<Reason, Counter> counters = new EnumMap<>(Reason.class);

    public TooManyRequests(MeterRegistry registry) {
        for (Reason reason : Reason.values()) {
            counters.put(reason, Counter.builder("ferry.http.too.many.requests")
                    .description("Requests Ferry answered 429 Too Many Requests, by reason")
                    .tag("reason", reason.name().toLowerCase(Locale.ROOT))
                    .register(registry));
        }
    }

    public void count(Reason reason) {
        counters.get(reason).increment();
    }
}
