package dev.ferry.faultharness;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;

/**
 * What every fault does to its process: kill it with SIGKILL, wait {@code restartDelay}, start it again, and wait (at
 * most {@code readyTimeout} for any one condition) until it serves.
 */
record KillAndRestart(Duration restartDelay, Duration readyTimeout) {

    /** Starts a killed process again and returns once it serves. */
    interface Restart {
        void run() throws IOException, InterruptedException;
    }

    /** A condition checked every 250 ms. */
    interface Condition {
        boolean holds() throws InterruptedException;
    }

    /**
     * Kills {@code target}, restarts it {@code restartDelay} later and waits until it serves.
     *
     * @param zeroNanos what the event's times count from (the load's or the batch's start)
     */
    FaultEvent kill(ChildJvm target, long zeroNanos, String detail, Restart restart)
            throws IOException, InterruptedException {
        long pid = target.pid();
        long killedAt = System.nanoTime();
        target.kill();
        Thread.sleep(restartDelay.toMillis());
        long restartedAt = System.nanoTime();
        restart.run();
        long recoveredAt = System.nanoTime();
        return new FaultEvent(target.name(), pid, (killedAt - zeroNanos) / 1e9, (restartedAt - killedAt) / 1e9,
                (recoveredAt - restartedAt) / 1e9, detail, Set.of());
    }

    /** Waits until {@code condition} holds, running {@code check} (which may throw) before each look. */
    void await(Condition condition, String what, Runnable check) throws InterruptedException {
        long deadline = System.nanoTime() + readyTimeout.toNanos();
        while (!condition.holds()) {
            check.run();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(250);
        }
    }
}
