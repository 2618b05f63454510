package dev.ferry.testsupport;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An HTTP response as tests look at it.
 *
 * @param status the status code
 * @param headers the response headers, name to values
 * @param body the body decoded as UTF-8
 */
public record HttpResult(int status, Map<String, List<String>> headers, String body) {

    public HttpResult {
        headers = headers.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, entry -> List.copyOf(entry.getValue())));
    }

    /** The first value of header {@code name}, matched case-insensitively, or {@code null} if it is absent. */
    public String header(String name) {
        return headers.entrySet().stream()
                .filter(entry -> entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty())
                .map(entry -> entry.getValue().get(0))
                .findFirst()
                .orElse(null);
    }
}
