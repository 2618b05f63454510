package dev.ferry.ingress.tokens;

import dev.ferry.core.config.TokenCountSettings;
import dev.ferry.core.error.FerryException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Where input tokens are counted. A request body of up to {@value #INLINE_BODY_BYTES} bytes is counted at once on
 * the thread that read it (a few milliseconds at most), so small counts never wait behind large ones. Larger bodies
 * are parsed and counted on a fixed pool of threads of their own, never on the HTTP server's: when every thread is
 * busy and the queue is full, a count is refused with 429 {@code token_counting_busy} and {@code Retry-After}. While
 * a count runs on the pool, the client's connection is checked between chunks of text, and a client that hung up
 * stops its count.
 */
public final class TokenCountingPool implements AutoCloseable {

    /** Bodies up to this size are counted on the thread that read them. */
    public static final int INLINE_BODY_BYTES = 64 * 1024;

    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    /** One count: the number of tokens, with {@code checkpoint} run between chunks of work. */
    @FunctionalInterface
    public interface Count {
        int run(Runnable checkpoint);
    }

    /**
     * What the pool did so far.
     *
     * @param running counts running now
     * @param completed counts that ran to their end, with a count or with a 400
     * @param abandoned counts stopped, or never started, because the client hung up
     * @param refused counts refused because every thread was busy and the queue full
     */
    public record Stats(int running, long completed, long abandoned, long refused) {
    }

    private final Executor executor;
    private final Runnable shutdown;
    private final AtomicInteger running = new AtomicInteger();
    private final LongAdder completed = new LongAdder();
    private final LongAdder abandoned = new LongAdder();
    private final LongAdder refused = new LongAdder();

    public TokenCountingPool(TokenCountSettings settings) {
        this(newExecutor(settings));
    }

    private TokenCountingPool(ExecutorService executor) {
        this(executor, executor::shutdownNow);
    }

    /** @param executor runs the counts of large bodies; must refuse work it cannot start or queue */
    TokenCountingPool(Executor executor, Runnable shutdown) {
        this.executor = executor;
        this.shutdown = shutdown;
    }

    /**
     * Counts, at once for a small body, otherwise on the pool.
     *
     * @param bodyBytes the size of the request body the count comes from
     * @param client opens a watch on the client's connection when the count starts on the pool
     * @return the count; fails with {@link FerryException.RateLimited} when the pool is full, and with
     *     {@link FerryException.RequestTimeout} when the client hung up first
     */
    public CompletableFuture<Integer> count(int bodyBytes, Supplier<ClientConnection> client, Count count) {
        if (bodyBytes <= INLINE_BODY_BYTES) {
            return run(() -> ClientConnection.UNKNOWN, count);
        }
        CompletableFuture<Integer> result = new CompletableFuture<>();
        try {
            executor.execute(() -> run(client, count).whenComplete((tokens, failure) -> {
                if (failure == null) {
                    result.complete(tokens);
                } else {
                    result.completeExceptionally(failure);
                }
            }));
        } catch (RejectedExecutionException full) {
            refused.increment();
            result.completeExceptionally(new FerryException.RateLimited(
                    "too many large token counts are running; retry shortly", RETRY_AFTER, "token_counting_busy"));
        }
        return result;
    }

    private CompletableFuture<Integer> run(Supplier<ClientConnection> client, Count count) {
        running.incrementAndGet();
        try (ClientConnection connection = client.get()) {
            Runnable checkpoint = () -> {
                if (connection.isClosed()) {
                    throw new Abandoned();
                }
            };
            checkpoint.run();
            int tokens = count.run(checkpoint);
            completed.increment();
            return CompletableFuture.completedFuture(tokens);
        } catch (Abandoned gone) {
            abandoned.increment();
            return CompletableFuture.failedFuture(
                    new FerryException.RequestTimeout("the connection closed before the tokens were counted"));
        } catch (RuntimeException | Error failure) {
            completed.increment();
            return CompletableFuture.failedFuture(failure);
        } finally {
            running.decrementAndGet();
        }
    }

    public Stats stats() {
        return new Stats(running.get(), completed.sum(), abandoned.sum(), refused.sum());
    }

    @Override
    public void close() {
        shutdown.run();
    }

    private static ExecutorService newExecutor(TokenCountSettings settings) {
        BlockingQueue<Runnable> queue = settings.queue() == 0
                ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(settings.queue());
        AtomicInteger threads = new AtomicInteger();
        return new ThreadPoolExecutor(settings.threads(), settings.threads(), 0, TimeUnit.MILLISECONDS, queue,
                runnable -> {
                    Thread thread = new Thread(runnable, "ferry-token-count-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
    }

    /** Thrown at a checkpoint once the client is gone; never leaves this class. */
    private static final class Abandoned extends RuntimeException {
        Abandoned() {
            super(null, null, false, false);
        }
    }
}
