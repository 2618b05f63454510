package dev.ferry.ingress.http;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Writes SSE frames to one response with non-blocking servlet I/O, so no thread ever waits on a slow client. Each
 * frame is written and flushed on its own; its future completes once the flush has gone through, which is the signal
 * to read the next event from the provider. A failed write (the client went away) fails every pending frame and is
 * reported once to {@code onFailure}. Callbacks run outside the writer's lock.
 */
final class SseWriter implements WriteListener {

    private record Pending(byte[] frame, CompletableFuture<Void> written) {
    }

    private final ServletOutputStream out;
    private final Consumer<Throwable> onFailure;
    private final ArrayDeque<Pending> queued = new ArrayDeque<>();
    private final List<CompletableFuture<Void>> flushing = new ArrayList<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private boolean unflushed;
    private boolean closing;
    private Throwable failure;

    /** Switches {@code out} to non-blocking mode; the request must be in async mode. */
    SseWriter(ServletOutputStream out, Consumer<Throwable> onFailure) {
        this.out = Objects.requireNonNull(out, "out");
        this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
        out.setWriteListener(this);
    }

    /** Queues one frame; the future completes when it has been flushed, exceptionally if it never will be. */
    CompletableFuture<Void> write(byte[] frame) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        Throwable refused;
        synchronized (this) {
            refused = failure != null ? failure : closing ? new IllegalStateException("the stream is closed") : null;
            if (refused == null) {
                queued.add(new Pending(frame, written));
            }
        }
        if (refused != null) {
            written.completeExceptionally(refused);
        } else {
            drain();
        }
        return written;
    }

    /** No more frames; completes once everything queued has been flushed, or the client has gone away. */
    CompletableFuture<Void> close() {
        synchronized (this) {
            closing = true;
        }
        drain();
        return closed;
    }

    @Override
    public void onWritePossible() {
        drain();
    }

    @Override
    public void onError(Throwable cause) {
        fail(cause);
    }

    private void drain() {
        List<CompletableFuture<Void>> written = new ArrayList<>();
        boolean allFlushed = false;
        Throwable failed = null;
        synchronized (this) {
            if (failure != null || closed.isDone()) {
                return;
            }
            try {
                while (out.isReady()) {
                    if (unflushed) {
                        unflushed = false;
                        out.flush();
                        continue;
                    }
                    written.addAll(flushing);
                    flushing.clear();
                    Pending next = queued.poll();
                    if (next == null) {
                        allFlushed = closing;
                        break;
                    }
                    out.write(next.frame());
                    unflushed = true;
                    flushing.add(next.written());
                }
            } catch (IOException | RuntimeException e) {
                failed = e;
            }
        }
        written.forEach(future -> future.complete(null));
        if (failed != null) {
            fail(failed);
        } else if (allFlushed) {
            closed.complete(null);
        }
    }

    private void fail(Throwable cause) {
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        synchronized (this) {
            if (failure != null) {
                return;
            }
            failure = cause;
            pending.addAll(flushing);
            flushing.clear();
            queued.forEach(frame -> pending.add(frame.written()));
            queued.clear();
        }
        pending.forEach(future -> future.completeExceptionally(cause));
        closed.complete(null);
        onFailure.accept(cause);
    }
}
