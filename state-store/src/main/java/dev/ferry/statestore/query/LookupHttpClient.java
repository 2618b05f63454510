package dev.ferry.statestore.query;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executor;

/** The JDK HTTP client that lookups forwarded to the instance owning a key go through, configured in this one place. */
public final class LookupHttpClient {

    /** Threads of the executor a node gives the client: exchanges are non-blocking, so a few serve any number. */
    public static final int EXECUTOR_THREADS = 4;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private LookupHttpClient() {
    }

    /**
     * @param executor runs the client's own work and the completion of every exchange; {@link #EXECUTOR_THREADS}
     *     threads
     */
    public static HttpClient create(Executor executor) {
        return HttpClient.newBuilder()
                .executor(executor)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .build();
    }
}
