package dev.ferry.ingress.http;

import dev.ferry.core.error.FerryException;
import io.javalin.http.Context;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Reads a request body up to a limit and within a time allowance, without holding a thread while the body arrives:
 * the bytes are taken with non-blocking servlet I/O as they come, and the server's shared scheduler checks the pace.
 * A declared length over the limit is refused before anything is read; a chunked body is refused as soon as it passes
 * the limit, so an oversized body is never buffered whole. After a 5 s grace period, a body whose average rate since
 * reading began falls below the minimum is cut off with a 408, whether bytes still trickle in or none ever come: a
 * body that stops dead is answered when its grace ends, not at Jetty's 30 s idle timeout.
 */
final class BoundedBody {

    static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long MIN_RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final int maxBytes;
    private final long minBytesPerSecond;
    private final LongSupplier nanoClock;

    /** @param minBytesPerSecond the slowest acceptable sender, after a 5 s grace period; 0 = no limit */
    BoundedBody(long maxBytes, long minBytesPerSecond, LongSupplier nanoClock) {
        this.maxBytes = (int) Math.min(Integer.MAX_VALUE - 1, maxBytes);
        this.minBytesPerSecond = minBytesPerSecond;
        this.nanoClock = nanoClock;
    }

    /**
     * Reads the body of {@code ctx}, which must already be asynchronous (call this inside {@code ctx.future}'s
     * supplier). The future fails with {@link FerryException.PayloadTooLarge} or
     * {@link FerryException.RequestTimeout}.
     */
    CompletableFuture<byte[]> read(Context ctx) {
        long declaredLength = ctx.req().getContentLengthLong();
        if (declaredLength > maxBytes) {
            return CompletableFuture.failedFuture(new FerryException.PayloadTooLarge(maxBytes));
        }
        try {
            ServletInputStream in = ctx.req().getInputStream();
            BodyRead read = new BodyRead(in, new BodyBuffer(declaredLength, maxBytes),
                    ServletContextRequest.getServletContextRequest(ctx.req()).getComponents().getScheduler());
            in.setReadListener(read);
            read.scheduleRateCheck(GRACE_NANOS);
            return read.body;
        } catch (IOException e) {
            return CompletableFuture.failedFuture(
                    new FerryException.RequestTimeout("the request body did not arrive in time"));
        }
    }

    /**
     * How long a body that has brought {@code bytes} after {@code elapsedNanos} may wait for more before it is too
     * slow: 0 means it is too slow now. With no minimum rate, never.
     */
    long nanosUntilTooSlow(long bytes, long elapsedNanos) {
        if (minBytesPerSecond <= 0) {
            return Long.MAX_VALUE;
        }
        long due = Math.max(GRACE_NANOS, (long) (bytes * 1_000_000_000.0 / minBytesPerSecond));
        return Math.max(0, due - elapsedNanos);
    }

    /** One body on its way in. Container callbacks are serialized; the rate check runs on the scheduler. */
    private final class BodyRead implements ReadListener {

        private final ServletInputStream in;
        private final BodyBuffer received;
        private final Scheduler scheduler;
        private final long startNanos = nanoClock.getAsLong();
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private volatile long receivedBytes;
        private volatile Scheduler.Task rateCheck;

        BodyRead(ServletInputStream in, BodyBuffer received, Scheduler scheduler) {
            this.in = in;
            this.received = received;
            this.scheduler = scheduler;
        }

        @Override
        public void onDataAvailable() throws IOException {
            while (!body.isDone() && in.isReady()) {
                if (received.readFrom(in) < 0) {
                    return;
                }
                receivedBytes = received.size();
                if (received.size() > maxBytes) {
                    fail(new FerryException.PayloadTooLarge(maxBytes));
                }
            }
        }

        @Override
        public void onAllDataRead() {
            if (body.complete(received.toByteArray())) {
                cancelRateCheck();
            }
        }

        @Override
        public void onError(Throwable failure) {
            // Jetty's idle timeout, a reset connection or broken framing: the body will not arrive
            fail(new FerryException.RequestTimeout("the request body did not arrive in time"));
        }

        void scheduleRateCheck(long delayNanos) {
            if (delayNanos != Long.MAX_VALUE && !body.isDone()) {
                rateCheck = scheduler.schedule(this::checkRate, Math.max(MIN_RECHECK_NANOS, delayNanos),
                        TimeUnit.NANOSECONDS);
            }
        }

        private void checkRate() {
            if (body.isDone()) {
                return;
            }
            long wait = nanosUntilTooSlow(receivedBytes, nanoClock.getAsLong() - startNanos);
            if (wait == 0) {
                fail(new FerryException.RequestTimeout("the request body arrived too slowly"));
            } else {
                scheduleRateCheck(wait);
            }
        }

        private void fail(FerryException failure) {
            if (body.completeExceptionally(failure)) {
                cancelRateCheck();
            }
        }

        private void cancelRateCheck() {
            Scheduler.Task task = rateCheck;
            if (task != null) {
                task.cancel();
            }
        }
    }
}
