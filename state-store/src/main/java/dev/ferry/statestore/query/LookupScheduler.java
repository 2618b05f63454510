package dev.ferry.statestore.query;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Where lookups continue once what they waited for has happened (Kafka answered, the stream thread folded an offset),
 * so that neither Kafka's threads nor the stream thread run them, and where their deadlines fire. No lookup sleeps.
 */
interface LookupScheduler {

    /** @return cancels the task unless it has run */
    Runnable schedule(Runnable task, Duration delay);

    default void execute(Runnable task) {
        schedule(task, Duration.ZERO);
    }

    static LookupScheduler on(ScheduledExecutorService executor) {
        return (task, delay) -> {
            ScheduledFuture<?> scheduled = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
            return () -> scheduled.cancel(false);
        };
    }
}
