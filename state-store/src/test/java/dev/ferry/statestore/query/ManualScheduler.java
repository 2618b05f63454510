package dev.ferry.statestore.query;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A {@link LookupScheduler} on a fake clock: tasks run only when the test lets time pass. */
final class ManualScheduler implements LookupScheduler {

    private record Task(long dueMs, Runnable run) {
    }

    private final List<Task> tasks = new ArrayList<>();
    private long nowMs;

    @Override
    public Runnable schedule(Runnable task, Duration delay) {
        Task scheduled = new Task(nowMs + delay.toMillis(), task);
        tasks.add(scheduled);
        return () -> tasks.remove(scheduled);
    }

    /** Runs what is due now (continuations scheduled without delay among them). */
    void runDue() {
        advance(Duration.ZERO);
    }

    void advance(Duration by) {
        nowMs += by.toMillis();
        while (true) {
            Task next = tasks.stream().filter(task -> task.dueMs() <= nowMs)
                    .min(Comparator.comparingLong(Task::dueMs)).orElse(null);
            if (next == null) {
                return;
            }
            tasks.remove(next);
            next.run().run();
        }
    }

    int pending() {
        return tasks.size();
    }
}
