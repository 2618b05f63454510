package dev.ferry.batch.http;

import dev.ferry.core.error.FerryException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.eclipse.jetty.ee10.servlet.ServletContextResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs file uploads and downloads on their own bounded pool, off Jetty's request threads, and streams downloads.
 * A download is written as it is produced, so its {@code 200} goes out with its first bytes. If it then fails (a store
 * read refused during a rebalance, a Kafka read that breaks), the status can no longer say so, and finishing the
 * response would hand the client a file that ends early but looks whole. The connection is aborted instead: the
 * chunked body never gets its last chunk and the client sees a broken transfer it can ask for again. A download that
 * fails before anything was sent gets its ordinary error answer.
 */
final class Transfers {

    private static final Logger log = LoggerFactory.getLogger(Transfers.class);
    private static final Duration BUSY_RETRY = Duration.ofSeconds(2);

    /** Writes a download's bytes. */
    @FunctionalInterface
    interface Download {
        void writeTo(OutputStream out) throws IOException;
    }

    private final ExecutorService pool;

    Transfers(ExecutorService pool) {
        this.pool = pool;
    }

    /** Answers the request from {@code work}, run on a transfer thread; 429 when every one is busy. */
    void answer(Context ctx, Callable<Void> work) {
        ctx.future(() -> onTransferThread(work));
    }

    /** Streams a download to the client as it is produced, on a transfer thread. */
    void stream(Context ctx, String contentType, Download download) {
        answer(ctx, () -> {
            ctx.contentType(contentType);
            OutputStream out = ctx.res().getOutputStream();
            try {
                download.writeTo(out);
            } catch (IOException | RuntimeException e) {
                if (!ctx.res().isCommitted()) {
                    ctx.res().resetBuffer();
                    throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
                }
                log.warn("A download failed after its first bytes were sent; its connection is aborted so that the "
                        + "client does not take the part it got for the whole file: path={} error={}.",
                        ctx.path(), e.toString());
                ServletContextResponse.getServletContextResponse(ctx.res()).getServletApiResponse().getServletChannel()
                        .abort(e);
                return null;
            }
            out.close();
            return null;
        });
    }

    private CompletableFuture<Void> onTransferThread(Callable<Void> work) {
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return work.call();
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, pool);
        } catch (RejectedExecutionException e) {
            throw new FerryException.RateLimited("too many file transfers at once; retry shortly", BUSY_RETRY,
                    "transfers_busy");
        }
    }
}
