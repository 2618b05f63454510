package dev.ferry.ingress.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.core.error.FerryException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The pool's decisions, with an executor the test runs by hand: no threads, no waiting. */
class TokenCountingPoolTest {

    private static final int LARGE = TokenCountingPool.INLINE_BODY_BYTES + 1;

    /** Holds up to {@code capacity} tasks until the test runs them, and refuses more, like a full bounded pool. */
    private static final class HandRunExecutor implements Executor {
        private final Deque<Runnable> tasks = new ArrayDeque<>();
        private final int capacity;

        HandRunExecutor(int capacity) {
            this.capacity = capacity;
        }

        @Override
        public void execute(Runnable task) {
            if (tasks.size() == capacity) {
                throw new RejectedExecutionException("full");
            }
            tasks.add(task);
        }

        void runNext() {
            tasks.remove().run();
        }
    }

    /** A client connection the test closes; counts how often it was opened and closed. */
    private static final class TestConnection implements ClientConnection {
        final AtomicBoolean hungUp = new AtomicBoolean();
        final AtomicInteger opened = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();

        Supplier<ClientConnection> opener() {
            return () -> {
                opened.incrementAndGet();
                return this;
            };
        }

        @Override
        public boolean isClosed() {
            return hungUp.get();
        }

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }

    private final HandRunExecutor executor = new HandRunExecutor(2);
    private final TokenCountingPool pool = new TokenCountingPool(executor, () -> { });
    private final TestConnection client = new TestConnection();

    @Test
    void shouldCountASmallBodyAtOnceWithoutWatchingTheConnection() {
        CompletableFuture<Integer> count = pool.count(TokenCountingPool.INLINE_BODY_BYTES, client.opener(), c -> 7);

        assertEquals(7, count.join());
        assertEquals(0, client.opened.get());
        assertEquals(new TokenCountingPool.Stats(0, 1, 0, 0), pool.stats());
    }

    @Test
    void shouldCountALargeBodyOnThePoolWhileWatchingTheConnection() {
        CompletableFuture<Integer> count = pool.count(LARGE, client.opener(), c -> {
            c.run();
            return 42;
        });
        assertFalse(count.isDone(), "counted on the caller's thread");

        executor.runNext();

        assertEquals(42, count.join());
        assertEquals(1, client.opened.get());
        assertEquals(1, client.closed.get());
        assertEquals(new TokenCountingPool.Stats(0, 1, 0, 0), pool.stats());
    }

    @Test
    void shouldRefuseWith429AndRetryAfterWhenThePoolIsFull() {
        pool.count(LARGE, client.opener(), c -> 1);
        pool.count(LARGE, client.opener(), c -> 1);

        CompletableFuture<Integer> third = pool.count(LARGE, client.opener(), c -> 1);

        FerryException.RateLimited refused = assertInstanceOf(FerryException.RateLimited.class, failure(third));
        assertEquals("token_counting_busy", refused.code());
        assertEquals(Duration.ofSeconds(1), refused.retryAfter());
        assertEquals(1, pool.stats().refused());
    }

    @Test
    void shouldStopACountAtTheNextCheckpointOnceTheClientHangsUp() {
        AtomicInteger chunks = new AtomicInteger();
        CompletableFuture<Integer> count = pool.count(LARGE, client.opener(), checkpoint -> {
            for (int chunk = 0; chunk < 1000; chunk++) {
                checkpoint.run();
                if (chunks.incrementAndGet() == 3) {
                    client.hungUp.set(true);
                }
            }
            return 1000;
        });

        executor.runNext();

        assertInstanceOf(FerryException.RequestTimeout.class, failure(count));
        assertEquals(3, chunks.get());
        assertEquals(1, client.closed.get());
        assertEquals(new TokenCountingPool.Stats(0, 0, 1, 0), pool.stats());
    }

    @Test
    void shouldNotStartACountWhoseClientHungUpWhileItWaited() {
        AtomicBoolean started = new AtomicBoolean();
        CompletableFuture<Integer> count = pool.count(LARGE, client.opener(), c -> {
            started.set(true);
            return 1;
        });
        client.hungUp.set(true);

        executor.runNext();

        assertInstanceOf(FerryException.RequestTimeout.class, failure(count));
        assertFalse(started.get());
        assertEquals(1, pool.stats().abandoned());
    }

    @Test
    void shouldPassOnAnInvalidRequestFoundWhileCounting() {
        CompletableFuture<Integer> count = pool.count(LARGE, client.opener(), c -> {
            throw new FerryException.InvalidRequest("each item of 'input' must be an object", "input");
        });

        executor.runNext();

        assertInstanceOf(FerryException.InvalidRequest.class, failure(count));
        assertEquals(new TokenCountingPool.Stats(0, 1, 0, 0), pool.stats());
    }

    private static Throwable failure(CompletableFuture<?> future) {
        assertTrue(future.isCompletedExceptionally(), "the future did not fail");
        try {
            future.join();
            throw new AssertionError("unreachable");
        } catch (CompletionException e) {
            return e.getCause();
        }
    }
}
