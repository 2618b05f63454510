package dev.ferry.worker;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Says that a job started ({@code started} on {@code job-events}, {@code in_progress} on polls) only once it has run
 * for {@code delay}: a job that ends sooner goes straight to its terminal event. That spares one record on
 * {@code job-events} and one fold in the job store per fast job, and tells nobody anything they had time to see. A
 * delay of zero announces every start at once.
 *
 * <p>A job's terminal event must be sent only after {@link #ending} returned: an announcement either was sent before
 * it (and Kafka keeps the two in that order on the job's partition) or is never sent.
 */
final class StartAnnouncements {

    private final Duration delay;
    private final ScheduledExecutorService scheduler;
    private final ConcurrentMap<String, Pending> pending = new ConcurrentHashMap<>();

    StartAnnouncements(Duration delay, ScheduledExecutorService scheduler) {
        this.delay = delay;
        this.scheduler = scheduler;
    }

    /** The job started now; {@code announce} sends its {@code started} event, at once or after the delay. */
    void started(String jobId, Runnable announce) {
        if (delay.isZero()) {
            announce.run();
            return;
        }
        Pending started = new Pending(announce);
        pending.put(jobId, started);
        started.timer = scheduler.schedule(started::announce, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The job's terminal event is about to be sent: a start not announced yet never will be. */
    void ending(String jobId) {
        Pending started = pending.remove(jobId);
        if (started != null) {
            started.drop();
        }
    }

    /** Jobs whose start is not announced yet and that have not ended. */
    int waiting() {
        return pending.size();
    }

    private static final class Pending {

        private final Runnable announce;
        private ScheduledFuture<?> timer;
        private boolean dropped;

        Pending(Runnable announce) {
            this.announce = announce;
        }

        synchronized void announce() {
            if (!dropped) {
                announce.run();
            }
        }

        synchronized void drop() {
            dropped = true;
            if (timer != null) {
                timer.cancel(false);
            }
        }
    }
}
