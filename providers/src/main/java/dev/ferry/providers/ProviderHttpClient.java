package dev.ferry.providers;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The Jetty HTTP client every provider call goes through, one per process: whoever owns the providers starts it and
 * closes it. Its selector reads answers and runs the callbacks that complete them, so an exchange costs no hand-off to
 * another thread. Configured to behave like a plain HTTP/1.1 client: no redirects followed, no cookies kept, no
 * compressed answers asked for, no authentication challenges answered, and as many connections per provider as calls in
 * flight (the worker caps those), taken from a pool that finds an idle one without trying the busy ones.
 */
public final class ProviderHttpClient implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** How long a pooled connection may stay unused before it is closed. */
    private static final Duration POOLED_IDLE_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient jetty;

    private ProviderHttpClient(HttpClient jetty) {
        this.jetty = jetty;
    }

    /** A started client; {@link #close()} stops it. */
    public static ProviderHttpClient start() {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("ferry-provider-http");
        threads.setDaemon(true);
        HttpClient jetty = new HttpClient();
        jetty.setExecutor(threads);
        jetty.setConnectTimeout(CONNECT_TIMEOUT.toMillis());
        jetty.setIdleTimeout(POOLED_IDLE_TIMEOUT.toMillis());
        jetty.setFollowRedirects(false);
        jetty.setHttpCookieStore(new HttpCookieStore.Empty());
        jetty.setMaxConnectionsPerDestination(Integer.MAX_VALUE);
        jetty.setMaxRequestsQueuedPerDestination(Integer.MAX_VALUE);
        jetty.getContentDecoderFactories().clear();
        jetty.getProtocolHandlers().clear();
        jetty.getHttpClientTransport().setConnectionPoolFactory(
                destination -> new IdleStackConnectionPool(destination, jetty.getMaxConnectionsPerDestination()));
        try {
            jetty.start();
        } catch (Exception e) {
            throw new IllegalStateException("the provider HTTP client did not start", e);
        }
        return new ProviderHttpClient(jetty);
    }

    /**
     * A request to {@code uri} that no idle timeout cuts short while it is in flight: each call bounds its own time.
     */
    public Request newRequest(URI uri) {
        return jetty.newRequest(uri).idleTimeout(0, TimeUnit.MILLISECONDS);
    }

    /**
     * True once {@link #close()} began. Calls it aborts then are left unfinished rather than failed: their job did not
     * fail, the process stopped, and whoever waits for them is being closed too.
     */
    public boolean isClosing() {
        return jetty.isStopping() || jetty.isStopped();
    }

    @Override
    public void close() throws Exception {
        jetty.stop();
    }
}
