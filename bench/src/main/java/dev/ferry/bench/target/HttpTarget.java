package dev.ferry.bench.target;

import dev.ferry.bench.http.HttpConnection;
import dev.ferry.bench.load.Caller;
import dev.ferry.bench.load.Target;
import java.io.IOException;
import java.util.function.Supplier;

/** A target reached over HTTP/1.1 keep-alive connections, one per load-generator thread. */
public final class HttpTarget implements Target {

    /** One request on a caller's connection. */
    @FunctionalInterface
    public interface Exchange {
        boolean call(HttpConnection connection, long intendedNanos) throws IOException;
    }

    private final String name;
    private final String host;
    private final int port;
    private final Supplier<Exchange> exchanges;

    /**
     * @param exchanges makes one exchange per caller, so an exchange may keep per-connection state
     */
    public HttpTarget(String name, String host, int port, Supplier<Exchange> exchanges) {
        this.name = name;
        this.host = host;
        this.port = port;
        this.exchanges = exchanges;
    }

    @Override
    public String name() {
        return name;
    }

    /** The same requests under another name, for comparing two servers that answer them (results go by name). */
    public HttpTarget named(String newName) {
        return new HttpTarget(newName, host, port, exchanges);
    }

    @Override
    public Caller newCaller() {
        HttpConnection connection = new HttpConnection(host, port);
        Exchange exchange = exchanges.get();
        return new Caller() {
            @Override
            public boolean call(long intendedNanos) throws IOException {
                return exchange.call(connection, intendedNanos);
            }

            @Override
            public void close() {
                connection.close();
            }
        };
    }
}
