package dev.ferry.ingress.http;

import dev.ferry.core.error.FerryException;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongSupplier;
import org.eclipse.jetty.http.HttpException;

/**
 * Reads a request body up to a limit and within a time allowance. A declared length over the limit is refused before
 * anything is read; a chunked body is refused as soon as it passes the limit, so an oversized body is never buffered
 * whole. A body that arrives slower than the minimum data rate, after a grace period, is cut off with a 408.
 */
final class BoundedBody {

    private static final long GRACE_NANOS = 5_000_000_000L;
    private static final int CHUNK = 64 * 1024;

    private final int maxBytes;
    private final long minBytesPerSecond;
    private final LongSupplier nanoClock;

    /** @param minBytesPerSecond the slowest acceptable sender, after a 5 s grace period; 0 = no limit */
    BoundedBody(long maxBytes, long minBytesPerSecond, LongSupplier nanoClock) {
        this.maxBytes = (int) Math.min(Integer.MAX_VALUE - 1, maxBytes);
        this.minBytesPerSecond = minBytesPerSecond;
        this.nanoClock = nanoClock;
    }

    byte[] read(Context ctx) {
        if (ctx.req().getContentLengthLong() > maxBytes) {
            throw new FerryException.PayloadTooLarge(maxBytes);
        }
        long start = nanoClock.getAsLong();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] chunk = new byte[CHUNK];
        try (InputStream in = ctx.req().getInputStream()) {
            int read;
            while ((read = in.read(chunk)) != -1) {
                body.write(chunk, 0, read);
                if (body.size() > maxBytes) {
                    throw new FerryException.PayloadTooLarge(maxBytes);
                }
                requireRate(body.size(), nanoClock.getAsLong() - start);
            }
            return body.toByteArray();
        } catch (IOException e) {
            throw new FerryException.RequestTimeout("the request body did not arrive in time");
        } catch (RuntimeException e) {
            if (e instanceof HttpException) {
                // Jetty's own idle timeout or framing check cut the body off
                throw new FerryException.RequestTimeout("the request body did not arrive in time");
            }
            throw e;
        }
    }

    private void requireRate(long bytes, long elapsedNanos) {
        if (minBytesPerSecond > 0 && elapsedNanos > GRACE_NANOS
                && bytes * 1_000_000_000.0 / elapsedNanos < minBytesPerSecond) {
            throw new FerryException.RequestTimeout("the request body arrived too slowly");
        }
    }
}
