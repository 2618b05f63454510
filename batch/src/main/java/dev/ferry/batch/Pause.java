package dev.ferry.batch;

import java.time.Duration;

/** Waits before something is tried again; tests pass one that only records the wait. */
@FunctionalInterface
public interface Pause {

    void pause(Duration duration) throws InterruptedException;

    /** Sleeps the calling thread for the duration. */
    static Pause sleeping() {
        return duration -> Thread.sleep(duration.toMillis());
    }
}
