package dev.ferry.faultharness;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Polls jobs during the load, so also while the fault happens: every 300 ms the newest accepted jobs (right after
 * their 2xx) and a few older ones, through every gateway. Ferry promises a poll never answers 404 for an accepted job;
 * while a store partition moves it may answer 503 with Retry-After, and a dead gateway does not answer at all. Keeps
 * each answer with its time, so that the answers of any stretch of the load can be counted.
 */
final class PollWatcher {

    /** One poll: when its answer came (seconds from the start of the load), its status, whether it had Retry-After. */
    record Poll(double atSeconds, int status, boolean retryAfter) {
    }

    private static final long PERIOD_MS = 300;
    private static final int NEWEST = 3;
    private static final int OLDER = 3;

    private final HarnessHttp http;
    private final List<URI> gateways;
    private final SubmitLedger ledger;
    private final long loadStartNanos;
    private final Queue<Poll> polls = new ConcurrentLinkedQueue<>();
    private final List<String> notFound = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    PollWatcher(HarnessHttp http, List<URI> gateways, SubmitLedger ledger, long loadStartNanos) {
        this.http = http;
        this.gateways = List.copyOf(gateways);
        this.ledger = ledger;
        this.loadStartNanos = loadStartNanos;
        this.thread = new Thread(this::watch, "poll-watcher");
        this.thread.setDaemon(true);
    }

    PollWatcher start() {
        thread.start();
        return this;
    }

    private void watch() {
        int round = 0;
        while (running) {
            List<String> ids = new ArrayList<>(ledger.latest(NEWEST));
            List<String> older = ledger.latest(NEWEST + 50);
            for (int i = 0; i < OLDER && older.size() > NEWEST; i++) {
                ids.add(older.get(NEWEST + (round * OLDER + i) % (older.size() - NEWEST)));
            }
            for (String id : ids) {
                for (URI gateway : gateways) {
                    record(id, gateway, http.get(gateway.resolve(JobView.PATH + id)));
                }
            }
            round++;
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void record(String id, URI gateway, HarnessHttp.Answer answer) {
        polls.add(new Poll((System.nanoTime() - loadStartNanos) / 1e9, answer.status(),
                answer.retryAfter().isPresent()));
        if (answer.status() == 404) {
            synchronized (notFound) {
                if (notFound.size() < 10) {
                    notFound.add(id + " via " + gateway);
                }
            }
        }
    }

    /** Every answer so far. */
    PollTally tally() {
        return PollTally.of(polls);
    }

    /** The answers that came between {@code fromSeconds} and {@code toSeconds} after the start of the load. */
    PollTally tallyBetween(double fromSeconds, double toSeconds) {
        return PollTally.of(polls.stream()
                .filter(poll -> poll.atSeconds() >= fromSeconds && poll.atSeconds() <= toSeconds)
                .toList());
    }

    List<String> notFoundSamples() {
        synchronized (notFound) {
            return List.copyOf(notFound);
        }
    }

    void stop() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(20_000);
    }
}
