package dev.ferry.faultharness;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the client saw: every submit sent, every 2xx job id (the accepted jobs the audit holds Ferry to) and every
 * failed submit by reason. A failed submit is not an accepted job, though Kafka may hold it ("indeterminate").
 */
final class SubmitLedger {

    /** One accepted job: where it was submitted and when the 2xx arrived. */
    record Accepted(String jobId, int gateway, long ackAtMs) {
    }

    private final AtomicInteger submitted = new AtomicInteger();
    private final ConcurrentMap<String, Accepted> accepted = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final ConcurrentLinkedDeque<String> latest = new ConcurrentLinkedDeque<>();

    void sent() {
        submitted.incrementAndGet();
    }

    void accepted(String jobId, int gateway, long ackAtMs) {
        if (accepted.putIfAbsent(jobId, new Accepted(jobId, gateway, ackAtMs)) != null) {
            failed("duplicate job id in a 2xx");
            return;
        }
        latest.addFirst(jobId);
    }

    /** The {@code count} most recently accepted job ids, newest first. */
    List<String> latest(int count) {
        List<String> ids = new ArrayList<>(count);
        for (Iterator<String> it = latest.iterator(); it.hasNext() && ids.size() < count; ) {
            ids.add(it.next());
        }
        return ids;
    }

    void failed(String reason) {
        failures.computeIfAbsent(reason, r -> new AtomicInteger()).incrementAndGet();
    }

    int submitted() {
        return submitted.get();
    }

    Map<String, Accepted> accepted() {
        return Map.copyOf(accepted);
    }

    int failedCount() {
        return failures.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Failed submits by reason, e.g. {@code "http 503": 4, "ConnectException": 12}. */
    Map<String, Integer> failures() {
        Map<String, Integer> copy = new TreeMap<>();
        failures.forEach((reason, count) -> copy.put(reason, count.get()));
        return copy;
    }
}
