package dev.ferry.app;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a running Ferry within a bounded time, whatever its parts do: closing runs on a thread of its own, and if it
 * has not finished by the deadline, what was still closing is logged and the process is ended anyway.
 */
final class BoundedShutdown {

    private static final Logger log = LoggerFactory.getLogger(BoundedShutdown.class);

    private final Duration deadline;
    private final Consumer<String> giveUp;

    /** @param giveUp ends the process, told what was still closing (the launcher halts the JVM) */
    BoundedShutdown(Duration deadline, Consumer<String> giveUp) {
        this.deadline = deadline;
        this.giveUp = giveUp;
    }

    /**
     * Closes {@code running}, waiting at most the deadline.
     *
     * @param closingNow names the part being closed at any moment, for the log line if time runs out
     */
    void close(AutoCloseable running, Supplier<String> closingNow) throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        Thread closer = new Thread(() -> {
            try {
                running.close();
            } catch (Exception e) {
                log.warn("Ferry did not stop cleanly.", e);
            } finally {
                closed.countDown();
            }
        }, "ferry-close");
        closer.setDaemon(true);
        closer.start();
        if (!closed.await(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
            String stuck = closingNow.get();
            log.error("Ferry did not stop within {} s; giving up on {} and exiting.", deadline.toSeconds(), stuck);
            giveUp.accept(stuck);
        }
    }
}
