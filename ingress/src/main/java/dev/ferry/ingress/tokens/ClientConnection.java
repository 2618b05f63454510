package dev.ferry.ingress.tokens;

/** The connection of the client that asked for a count, watched while the count runs so that it can stop early. */
public interface ClientConnection extends AutoCloseable {

    /** A connection whose state cannot be seen: never reported closed. */
    ClientConnection UNKNOWN = new ClientConnection() {
        @Override
        public boolean isClosed() {
            return false;
        }

        @Override
        public void close() {
        }
    };

    /** True once the client is known to have closed its connection (or sent something no answer can follow). */
    boolean isClosed();

    /** Stops watching. */
    @Override
    void close();
}
