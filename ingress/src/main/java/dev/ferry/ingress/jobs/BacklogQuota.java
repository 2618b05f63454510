package dev.ferry.ingress.jobs;

import dev.ferry.core.error.FerryException;
import dev.ferry.core.lookup.BacklogCounter;
import java.time.Duration;

/** Refuses a new async job when its principal already has {@code max} unfinished jobs: 429 with Retry-After. */
public final class BacklogQuota {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final long max;
    private final BacklogCounter counter;

    public BacklogQuota(long max, BacklogCounter counter) {
        this.max = max;
        this.counter = counter;
    }

    public static BacklogQuota unlimited() {
        return new BacklogQuota(0, owner -> 0);
    }

    void check(String owner) {
        if (max > 0 && counter.unfinishedJobs(owner) >= max) {
            throw new FerryException.RateLimited("too many unfinished jobs: at most " + max
                    + " per key; poll or wait for some to finish", RETRY_AFTER, "backlog_quota_exceeded");
        }
    }
}
