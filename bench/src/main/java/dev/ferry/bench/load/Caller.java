package dev.ferry.bench.load;

/**
 * Makes one request, blocking until its answer. Each load-generator thread has its own caller (its own connection),
 * so an implementation need not be thread-safe.
 */
public interface Caller extends AutoCloseable {

    /**
     * @param intendedNanos when the schedule meant this request to go out ({@link System#nanoTime()}); callers that
     *     track jobs use it to measure end-to-end latency from the same origin
     * @return true for a success, false for an error answer
     * @throws Exception for a failure on the wire; it counts as an error
     */
    boolean call(long intendedNanos) throws Exception;

    @Override
    void close();
}
