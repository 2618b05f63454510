package dev.ferry.bench.target;

import dev.ferry.bench.http.HttpConnection;
import dev.ferry.bench.http.HttpResponse;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** The HTTP requests the scenarios send; each builds its request bytes once and reuses them. */
public final class HttpTargets {

    static final String HOST = "127.0.0.1";
    private static final String RESPONSES = "/openai/v1/responses";

    private HttpTargets() {
    }

    /** {@code GET /hello} on the hello-world Javalin server. */
    public static HttpTarget hello(int port) {
        byte[] request = HttpConnection.request("GET", "/hello", authority(port), "");
        return new HttpTarget("hello-world", HOST, port,
                () -> (connection, intended) -> connection.exchange(request, null).isSuccess());
    }

    /** An async submit; each accepted job's id and intended send time go to {@code jobs}. */
    public static HttpTarget submit(int port, String body, SubmittedJobs jobs) {
        byte[] request = HttpConnection.request("POST", RESPONSES, authority(port), body, "x-bf-async", "true");
        return new HttpTarget("ferry-submit", HOST, port, () -> (connection, intended) -> {
            HttpResponse response = connection.exchange(request, "x-bf-async-id");
            if (response.status() != 200 || response.header() == null) {
                return false;
            }
            jobs.accepted(response.header(), intended, System.nanoTime());
            return true;
        });
    }

    /** A poll of existing jobs, cycling through {@code jobIds} from a random place per connection. */
    public static HttpTarget poll(int port, List<String> jobIds) {
        byte[][] requests = jobIds.stream()
                .map(id -> HttpConnection.request("POST", RESPONSES, authority(port), "", "x-bf-async-id", id))
                .toArray(byte[][]::new);
        return new HttpTarget("ferry-poll", HOST, port, () -> {
            int[] next = {ThreadLocalRandom.current().nextInt(requests.length)};
            return (connection, intended) -> {
                byte[] request = requests[next[0]];
                next[0] = (next[0] + 1) % requests.length;
                return connection.exchange(request, null).status() == 200;
            };
        });
    }

    /** A synchronous create through Ferry, which forwards it to the provider. */
    public static HttpTarget syncViaFerry(int port, String body) {
        byte[] request = HttpConnection.request("POST", RESPONSES, authority(port), body);
        return new HttpTarget("ferry-sync", HOST, port,
                () -> (connection, intended) -> connection.exchange(request, null).status() == 200);
    }

    /** The same create sent straight to the mock provider. */
    public static HttpTarget mockDirect(int port, String body) {
        byte[] request = HttpConnection.request("POST", "/v1/responses", authority(port), body);
        return new HttpTarget("mock-direct", HOST, port,
                () -> (connection, intended) -> connection.exchange(request, null).status() == 200);
    }

    private static String authority(int port) {
        return HOST + ":" + port;
    }
}
