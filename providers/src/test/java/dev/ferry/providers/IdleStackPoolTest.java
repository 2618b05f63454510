package dev.ferry.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.util.Pool;
import org.junit.jupiter.api.Test;

class IdleStackPoolTest {

    private final IdleStackPool<String> pool = new IdleStackPool<>(3);

    private Pool.Entry<String> idleEntry(String pooled) {
        Pool.Entry<String> entry = pool.reserve();
        assertNotNull(entry, "a free slot for " + pooled);
        assertTrue(entry.enable(pooled, false));
        return entry;
    }

    @Test
    void reservesUpToItsMaxSizeAndFreesASlotWhenAnEntryIsRemoved() {
        Pool.Entry<String> first = pool.reserve();
        pool.reserve();
        pool.reserve();

        assertNull(pool.reserve());
        assertEquals(3, pool.size());
        assertEquals(3, pool.getReservedCount());

        assertTrue(first.remove());
        assertEquals(2, pool.size());
        assertNotNull(pool.reserve());
    }

    @Test
    void anEnabledEntryIsIdleUntilAcquiredAndIdleAgainWhenReleased() {
        Pool.Entry<String> entry = idleEntry("a");
        assertTrue(entry.isIdle());
        assertEquals(1, pool.getIdleCount());

        assertSame(entry, pool.acquire());
        assertTrue(entry.isInUse());
        assertEquals(1, pool.getInUseCount());
        assertNull(pool.acquire(), "the only entry is in use");

        assertTrue(entry.release());
        assertFalse(entry.release(), "an idle entry cannot be released twice");
        assertSame(entry, pool.acquire());
    }

    @Test
    void anEntryEnabledAsAcquiredIsInUseAndNotOfferedToOthers() {
        Pool.Entry<String> entry = pool.reserve();
        assertTrue(entry.enable("a", true));

        assertTrue(entry.isInUse());
        assertNull(pool.acquire());
        assertThrows(IllegalStateException.class, () -> entry.enable("b", false));
    }

    @Test
    void handsOutTheMostRecentlyReleasedEntryFirst() {
        Pool.Entry<String> a = idleEntry("a");
        Pool.Entry<String> b = idleEntry("b");
        Pool.Entry<String> c = idleEntry("c");
        List<Pool.Entry<String>> all = List.of(pool.acquire(), pool.acquire(), pool.acquire());
        assertEquals(3, all.stream().distinct().count());

        a.release();
        c.release();
        b.release();

        assertSame(b, pool.acquire());
        assertSame(c, pool.acquire());
        assertSame(a, pool.acquire());
        assertNull(pool.acquire());
    }

    @Test
    void aRemovedEntryIsNeverHandedOutAgainAndLeavesTheCounts() {
        Pool.Entry<String> kept = idleEntry("kept");
        Pool.Entry<String> removed = idleEntry("removed");

        assertTrue(removed.remove());
        assertFalse(removed.remove(), "removed once only");
        assertTrue(removed.isTerminated());
        assertFalse(removed.release());

        assertEquals(1, pool.size());
        assertEquals(List.of(kept), pool.stream().toList());
        assertSame(kept, pool.acquire());
        assertNull(pool.acquire());
    }

    @Test
    void anEntryRemovedWhileInUseCannotBeReleasedBackIntoThePool() {
        Pool.Entry<String> entry = idleEntry("a");
        assertSame(entry, pool.acquire());

        assertTrue(entry.remove());

        assertFalse(entry.release());
        assertNull(pool.acquire());
        assertEquals(0, pool.size());
    }

    @Test
    void terminatingReturnsEveryEntryAndClosesThePoolToAllUse() {
        Pool.Entry<String> idle = idleEntry("idle");
        Pool.Entry<String> inUse = idleEntry("in use");
        assertSame(inUse, pool.acquire());
        Pool.Entry<String> reserved = pool.reserve();

        List<Pool.Entry<String>> remaining = new ArrayList<>(pool.terminate());

        assertTrue(pool.isTerminated());
        assertEquals(3, remaining.size());
        assertTrue(remaining.containsAll(List.of(idle, inUse, reserved)));
        assertEquals(0, pool.size());
        assertNull(pool.acquire());
        assertNull(pool.reserve());
        assertFalse(inUse.release(), "a connection released after termination is to be closed");
        assertFalse(reserved.enable("late", false));
        assertTrue(idle.remove(), "the owner still removes each remaining entry once");
        assertFalse(idle.remove());
    }

    @Test
    void neverHandsOneEntryToTwoHoldersAtOnce() throws Exception {
        IdleStackPool<AtomicInteger> shared = new IdleStackPool<>(4);
        for (int i = 0; i < 4; i++) {
            shared.reserve().enable(new AtomicInteger(), false);
        }
        int threads = 8;
        int rounds = 20_000;
        Set<Thread> overlapped = ConcurrentHashMap.newKeySet();
        AtomicInteger acquired = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(executor.submit(() -> {
                    start.await();
                    for (int r = 0; r < rounds; r++) {
                        Pool.Entry<AtomicInteger> entry = shared.acquire();
                        if (entry == null) {
                            continue;
                        }
                        acquired.incrementAndGet();
                        if (entry.getPooled().incrementAndGet() != 1) {
                            overlapped.add(Thread.currentThread());
                        }
                        entry.getPooled().decrementAndGet();
                        if (!entry.release()) {
                            throw new AssertionError("an acquired entry could not be released");
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            executor.shutdownNow();
        }

        assertTrue(overlapped.isEmpty(), "threads that found their entry already held: " + overlapped);
        assertTrue(acquired.get() > 0);
        assertEquals(4, shared.getIdleCount());
        assertEquals(4, shared.size());
    }
}
