package dev.ferry.providers;

import org.eclipse.jetty.client.AbstractConnectionPool;
import org.eclipse.jetty.client.Destination;

/**
 * A pool of HTTP/1.1 connections to one provider that hands out the most recently released idle connection in constant
 * time (see {@link IdleStackPool}); otherwise Jetty's duplex pool: one exchange per connection at a time, connections
 * opened on demand up to {@code maxConnections}.
 */
final class IdleStackConnectionPool extends AbstractConnectionPool {

    IdleStackConnectionPool(Destination destination, int maxConnections) {
        super(destination, () -> new IdleStackPool<>(maxConnections), 1);
    }
}
