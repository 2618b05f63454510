package dev.ferry.providers.openai;

import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;

/**
 * The provider response headers Ferry hands on to its clients, on every path (sync, stream, async poll): what they
 * time retries by ({@code retry-after}, {@code retry-after-ms}, {@code x-ratelimit-*}) and the provider's request id
 * ({@code x-request-id}) that its support asks for. Nothing else crosses: no cookies, no provider credentials.
 */
public final class PassThroughHeaders {

    private static final int MAX_VALUE_LENGTH = 256;

    private PassThroughHeaders() {
    }

    /** The headers to pass on, lower-case names, the first value of each. */
    public static Map<String, String> of(HttpFields headers) {
        Map<String, String> selected = new TreeMap<>();
        for (HttpField header : headers) {
            String lower = header.getLowerCaseName();
            String value = header.getValue();
            if (passes(lower) && value != null && value.length() <= MAX_VALUE_LENGTH) {
                selected.putIfAbsent(lower, value);
            }
        }
        return selected;
    }

    static boolean passes(String lowerCaseName) {
        return lowerCaseName.equals("retry-after")
                || lowerCaseName.equals("retry-after-ms")
                || lowerCaseName.equals("x-request-id")
                || lowerCaseName.startsWith("x-ratelimit-");
    }
}
