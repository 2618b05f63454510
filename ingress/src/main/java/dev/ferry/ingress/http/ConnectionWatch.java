package dev.ferry.ingress.http;

import dev.ferry.ingress.tokens.ClientConnection;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices, without reading or writing, that an HTTP/1.1 client closed its connection while its request is handled.
 * Jetty does not read from a connection whose request is being handled, so it learns of a hang-up only at the next
 * write. This watch registers the connection's socket with a selector of its own for reads: once the request body is
 * complete, the socket turns readable only when the client closes it (or sends more bytes, which a client must not
 * do after a POST it awaits the answer of: RFC 9112 §9.3.2). Nothing is ever read, so Jetty's view of the connection
 * is untouched. Close the watch before answering.
 */
final class ConnectionWatch implements ClientConnection {

    private static final Logger log = LoggerFactory.getLogger(ConnectionWatch.class);

    /** A connection already closed when the watch began. */
    private static final ClientConnection CLOSED = new ClientConnection() {
        @Override
        public boolean isClosed() {
            return true;
        }

        @Override
        public void close() {
        }
    };

    private final SelectableChannel channel;
    private final Selector selector;

    private ConnectionWatch(SelectableChannel channel, Selector selector) {
        this.channel = channel;
        this.selector = selector;
    }

    /** Watches {@code ctx}'s connection, or returns {@link ClientConnection#UNKNOWN} when it cannot. */
    static ClientConnection of(Context ctx) {
        Selector selector = null;
        try {
            Object transport = ServletContextRequest.getServletContextRequest(ctx.req()).getConnectionMetaData()
                    .getConnection().getEndPoint().getTransport();
            if (!(transport instanceof SelectableChannel channel)) {
                return ClientConnection.UNKNOWN;
            }
            selector = Selector.open();
            channel.register(selector, SelectionKey.OP_READ);
            return new ConnectionWatch(channel, selector);
        } catch (ClosedChannelException closed) {
            closeQuietly(selector);
            return CLOSED;
        } catch (IOException | RuntimeException cannotWatch) {
            log.debug("A client connection cannot be watched: {}.", cannotWatch.toString());
            closeQuietly(selector);
            return ClientConnection.UNKNOWN;
        }
    }

    @Override
    public boolean isClosed() {
        try {
            selector.selectNow();
            return !channel.isOpen() || !selector.selectedKeys().isEmpty();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        closeQuietly(selector);
    }

    private static void closeQuietly(Selector selector) {
        if (selector == null) {
            return;
        }
        try {
            selector.close();
        } catch (IOException e) {
            log.debug("A connection watch did not close cleanly: {}.", e.toString());
        }
    }
}
