package dev.ferry.mockprovider;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Objects;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.BufferUtil;

/**
 * The connection a request came in on, asked whether its client hung up. Jetty reads an HTTP/1.1 connection only
 * between requests, so a request waiting out its latency never hears that its client went away: its answer would be
 * written into a closed socket and count as completed. {@link #hungUp()} reads the connection once without waiting:
 * end of stream, or a reset, means the client is gone.
 *
 * <p>A client that pipelined its next request before this answer would lose one byte of it to that read. None of the
 * mock's clients pipeline (the JDK client, Ferry, the benchmark's load generator each wait for the answer).
 */
final class MockClientConnection {

    private final EndPoint endPoint;

    private MockClientConnection(EndPoint endPoint) {
        this.endPoint = Objects.requireNonNull(endPoint, "endPoint");
    }

    static MockClientConnection of(HttpServletRequest request) {
        return new MockClientConnection(ServletContextRequest.getServletContextRequest(request)
                .getConnectionMetaData().getConnection().getEndPoint());
    }

    /** True when the client closed or reset the connection; false while it is open (nothing waits here). */
    boolean hungUp() {
        try {
            return endPoint.fill(BufferUtil.allocate(1)) < 0;
        } catch (IOException reset) {
            return true;
        }
    }
}
