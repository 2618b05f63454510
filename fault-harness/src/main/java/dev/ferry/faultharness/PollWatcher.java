package dev.ferry.faultharness;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Polls jobs while the fault happens: every 300 ms the newest accepted jobs (right after their 2xx) and a few older
 * ones, through every gateway. Ferry promises a poll never answers 404 for an accepted job; while a store partition
 * moves it may answer 503 with Retry-After, and a dead gateway does not answer at all. Counts answers by kind.
 */
final class PollWatcher {

    private static final long PERIOD_MS = 300;
    private static final int NEWEST = 3;
    private static final int OLDER = 3;

    private final HarnessHttp http;
    private final List<URI> gateways;
    private final SubmitLedger ledger;
    private final Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
    private final List<String> notFound = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    PollWatcher(HarnessHttp http, List<URI> gateways, SubmitLedger ledger) {
        this.http = http;
        this.gateways = List.copyOf(gateways);
        this.ledger = ledger;
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
                    count(id, gateway, http.get(gateway.resolve(JobView.PATH + id)).status());
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

    private void count(String id, URI gateway, int status) {
        String kind = switch (status) {
            case 200, 202 -> "answered";
            case 503 -> "503";
            case -1 -> "no answer";
            case 404 -> "404";
            default -> "http " + status;
        };
        answers.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
        if (status == 404) {
            synchronized (notFound) {
                if (notFound.size() < 10) {
                    notFound.add(id + " via " + gateway);
                }
            }
        }
    }

    /** Answers by kind: {@code answered} (200/202), {@code 503}, {@code no answer}, {@code 404}, other statuses. */
    Map<String, Integer> answers() {
        Map<String, Integer> copy = new TreeMap<>();
        answers.forEach((kind, count) -> copy.put(kind, count.get()));
        return copy;
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
