package dev.ferry.faultharness;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;

/**
 * What the client saw: every submit sent (with when it was sent, in seconds from the start of the load), every 2xx
 * job id (the accepted jobs the audit holds Ferry to) and every failed submit by reason. A failed submit is not an
 * accepted job, though Kafka may hold it ("indeterminate").
 */
final class SubmitLedger {

    /** One accepted job: where it was submitted and when the 2xx arrived. */
    record Accepted(String jobId, int gateway, long ackAtMs) {
    }

    /** The submits sent in a stretch of the load, and those of them that failed, by reason. */
    record Window(int sent, Map<String, Integer> failures) {

        Window {
            failures = Map.copyOf(failures);
        }

        int failed() {
            return failures.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private record Failure(double sentAtSeconds, String reason) {
    }

    private final Queue<Double> sentAt = new ConcurrentLinkedQueue<>();
    private final ConcurrentMap<String, Accepted> accepted = new ConcurrentHashMap<>();
    private final Queue<Failure> failures = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedDeque<String> latest = new ConcurrentLinkedDeque<>();

    void sent(double atSeconds) {
        sentAt.add(atSeconds);
    }

    /** The 2xx of a submit sent at {@code sentAtSeconds}. */
    void accepted(String jobId, int gateway, long ackAtMs, double sentAtSeconds) {
        if (accepted.putIfAbsent(jobId, new Accepted(jobId, gateway, ackAtMs)) != null) {
            failed("duplicate job id in a 2xx", sentAtSeconds);
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

    void failed(String reason, double sentAtSeconds) {
        failures.add(new Failure(sentAtSeconds, reason));
    }

    int submitted() {
        return sentAt.size();
    }

    Map<String, Accepted> accepted() {
        return Map.copyOf(accepted);
    }

    /** Failed submits by reason, e.g. {@code "http 503": 4, "ConnectException": 12}. */
    Map<String, Integer> failures() {
        return between(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY).failures();
    }

    /** Failures by reason as {@code ConnectException 80, http 503 4}. */
    static String describe(Map<String, Integer> failures) {
        return failures.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    /** The submits sent between {@code fromSeconds} and {@code toSeconds} after the start of the load. */
    Window between(double fromSeconds, double toSeconds) {
        int sent = (int) sentAt.stream().filter(at -> at >= fromSeconds && at <= toSeconds).count();
        Map<String, Integer> reasons = new TreeMap<>();
        failures.stream()
                .filter(failure -> failure.sentAtSeconds() >= fromSeconds && failure.sentAtSeconds() <= toSeconds)
                .forEach(failure -> reasons.merge(failure.reason(), 1, Integer::sum));
        return new Window(sent, reasons);
    }
}
