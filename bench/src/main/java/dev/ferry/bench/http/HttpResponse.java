package dev.ferry.bench.http;

import java.nio.charset.StandardCharsets;

/**
 * What the benchmark keeps of a response: the status, the one header it asked for, and the body.
 *
 * @param header the value of the requested header, or null when absent
 */
public record HttpResponse(int status, String header, byte[] body) {

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
