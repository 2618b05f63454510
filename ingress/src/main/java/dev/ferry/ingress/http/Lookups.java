package dev.ferry.ingress.http;

import io.javalin.http.Context;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Answers a request from a job lookup without blocking: when the lookup is already answered (the job is in this
 * instance's active store partition, the common case) the handler finishes on the Jetty thread as a synchronous
 * handler does, sparing the asynchronous dispatch; otherwise the request becomes asynchronous ({@code ctx.future})
 * until the lookup completes. A failure reaches {@link HttpErrorMapper} either way, which unwraps it.
 */
final class Lookups {

    private Lookups() {
    }

    /** @param answer the lookup with the steps that write the answer into {@code ctx} */
    static void answer(Context ctx, Supplier<CompletableFuture<?>> answer) {
        CompletableFuture<?> answered = answer.get();
        if (answered.isDone()) {
            answered.join();
        } else {
            ctx.future(() -> answered);
        }
    }
}
