package dev.ferry.ingress.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ferry.core.error.FerryException;
import dev.ferry.core.lookup.BacklogCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BacklogQuotaTest {

    /** A job store that has counted {@code stored} jobs and folded the jobs topic up to {@code foldedUpTo}. */
    private static final class FakeStore implements BacklogCounter {
        final AtomicLong stored = new AtomicLong();
        final AtomicLong foldedUpTo = new AtomicLong(-1);
        int gateways = 1;

        @Override
        public long unfinishedJobs(String owner) {
            return stored.get();
        }

        @Override
        public boolean counted(int partition, long offset) {
            return offset <= foldedUpTo.get();
        }

        @Override
        public int gateways() {
            return gateways;
        }
    }

    private final FakeStore store = new FakeStore();

    @Test
    void shouldAdmitExactlyTheQuotaFromABurstOfConcurrentSubmits() throws Exception {
        BacklogQuota quota = new BacklogQuota(10, store);
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            List<Callable<Boolean>> burst = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                burst.add(() -> {
                    try {
                        quota.reserve("alice");
                        return true;
                    } catch (FerryException.RateLimited refused) {
                        return false;
                    }
                });
            }
            long admitted = 0;
            for (Future<Boolean> outcome : threads.invokeAll(burst)) {
                admitted += outcome.get() ? 1 : 0;
            }
            assertEquals(10, admitted);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void shouldHandAReservationOverToTheStoresCountOnceItCountedTheJob() {
        BacklogQuota quota = new BacklogQuota(2, store);
        quota.reserve("alice").written(0, 5);
        quota.reserve("alice").written(0, 6);
        assertThrows(FerryException.RateLimited.class, () -> quota.reserve("alice"));

        store.foldedUpTo.set(6);
        store.stored.set(2);
        assertThrows(FerryException.RateLimited.class, () -> quota.reserve("alice"), "still two unfinished jobs");

        store.stored.set(1);
        quota.reserve("alice");
    }

    @Test
    void shouldFreeTheReservationOfAJobThatWasNotWritten() {
        BacklogQuota quota = new BacklogQuota(1, store);
        quota.reserve("alice").release();

        quota.reserve("alice");
    }

    @Test
    void shouldKeepEachKeysBacklogApart() {
        BacklogQuota quota = new BacklogQuota(1, store);
        quota.reserve("alice");

        quota.reserve("bob");
        assertThrows(FerryException.RateLimited.class, () -> quota.reserve("alice"));
    }

    @Test
    void shouldAdmitOnlyItsShareOfUncountedJobsWhenGatewaysShareTheQuota() {
        store.gateways = 3;
        BacklogQuota quota = new BacklogQuota(10, store);
        for (int i = 0; i < 4; i++) {
            quota.reserve("alice").written(0, i);
        }

        assertThrows(FerryException.RateLimited.class, () -> quota.reserve("alice"), "4 = 10 / 3 rounded up");
        store.foldedUpTo.set(3);
        store.stored.set(4);
        quota.reserve("alice");
    }
}
