package dev.ferry.faultharness;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * Submits async jobs at a fixed rate, round robin over the gateways, whatever the answers: open loop, so a slow or
 * dead gateway does not slow the arrivals down. Each body carries a unique input. Every outcome goes to the ledger;
 * a listener hears each 2xx as it arrives (the gateway-kill scenario kills a gateway right after one).
 */
final class OpenLoopSubmitter {

    static final String PATH = "/openai/v1/responses";

    private final HarnessHttp http;
    private final List<URI> gateways;
    private final double ratePerSecond;
    private final String tag;
    private final SubmitLedger ledger = new SubmitLedger();
    private final Map<CompletableFuture<?>, Boolean> outstanding = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "open-loop-submitter");
        thread.setDaemon(true);
        return thread;
    });
    private volatile BiConsumer<Integer, String> onAccepted = (gateway, jobId) -> { };
    private volatile long startNanos;

    OpenLoopSubmitter(HarnessHttp http, List<URI> gateways, double ratePerSecond, String tag) {
        this.http = http;
        this.gateways = List.copyOf(gateways);
        this.ratePerSecond = ratePerSecond;
        this.tag = tag;
    }

    /** Called with (gateway index, job id) on the HTTP client's thread as each 2xx arrives. */
    void onAccepted(BiConsumer<Integer, String> listener) {
        this.onAccepted = listener;
    }

    SubmitLedger ledger() {
        return ledger;
    }

    /**
     * Starts submitting for {@code duration}; returns at once, with the {@link System#nanoTime()} of the start of the
     * load, from which the ledger counts its seconds.
     */
    long start(Duration duration) {
        startNanos = System.nanoTime();
        long periodNanos = (long) (1e9 / ratePerSecond);
        ticker.scheduleAtFixedRate(this::submitOne, 0, periodNanos, TimeUnit.NANOSECONDS);
        ticker.schedule(() -> ticker.shutdown(), duration.toNanos(), TimeUnit.NANOSECONDS);
        return startNanos;
    }

    /** Waits for the load to end and for every submit still open to be answered or time out. */
    void awaitDone(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ticker.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
        while (!outstanding.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    private void submitOne() {
        long seq = sequence.incrementAndGet();
        int gateway = (int) (seq % gateways.size());
        String input = tag + "-" + seq + "-" + System.nanoTime();
        double sentAt = (System.nanoTime() - startNanos) / 1e9;
        ledger.sent(sentAt);
        CompletableFuture<HarnessHttp.Answer> answer = http.postAsync(gateways.get(gateway).resolve(PATH),
                Map.of("x-bf-async", "true"), "{\"model\":\"mock/echo\",\"input\":\"" + input + "\"}");
        outstanding.put(answer, Boolean.TRUE);
        answer.whenComplete((result, error) -> {
            try {
                record(gateway, result, sentAt);
            } finally {
                outstanding.remove(answer);
            }
        });
    }

    private void record(int gateway, HarnessHttp.Answer answer, double sentAt) {
        if (answer == null) {
            ledger.failed("no answer", sentAt);
        } else if (!answer.is2xx()) {
            ledger.failed(answer.status() < 0 ? answer.error() : "http " + answer.status(), sentAt);
        } else if (answer.asyncId().isEmpty()) {
            ledger.failed("2xx without x-bf-async-id", sentAt);
        } else {
            ledger.accepted(answer.asyncId().get(), gateway, System.currentTimeMillis(), sentAt);
            onAccepted.accept(gateway, answer.asyncId().get());
        }
    }
}
