package dev.ferry.ingress.streams;

import dev.ferry.core.job.JobStreamEvent;

/**
 * Where {@link JobStreamHub} delivers one subscription's events, on the hub's thread: implementations must not block.
 */
public interface JobStreamSink {

    /**
     * Takes the next event, or refuses it because the client is behind: the hub then stops delivering to this
     * subscription and starts again from this same event once {@link JobStreamHub.Subscription#resume()} is called.
     *
     * @return false to refuse
     */
    boolean offer(JobStreamEvent event);

    /** The subscription has read everything its partition held when it began, without a terminal event. */
    void caughtUp();

    /** The hub cannot deliver any more (it is closing, or the topic cannot be read). */
    void failed(Throwable cause);
}
