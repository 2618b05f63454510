package dev.ferry.bench.target;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The jobs a submit run got accepted, each with the time its request was meant to go out and when it was answered. */
public final class SubmittedJobs {

    private final Map<String, Long> intendedNanosById = new ConcurrentHashMap<>();
    private final Map<String, Long> acceptedNanosById = new ConcurrentHashMap<>();

    void accepted(String jobId, long intendedNanos, long acceptedNanos) {
        acceptedNanosById.put(jobId, acceptedNanos);
        intendedNanosById.put(jobId, intendedNanos);
    }

    /** When the submit of {@code jobId} was answered (its {@code x-bf-async-id} read), on the intended times' clock. */
    public long acceptedNanos(String jobId) {
        Long nanos = acceptedNanosById.get(jobId);
        if (nanos == null) {
            throw new IllegalArgumentException("not an accepted job: " + jobId);
        }
        return nanos;
    }

    public int size() {
        return intendedNanosById.size();
    }

    public Map<String, Long> intendedNanosById() {
        return Map.copyOf(intendedNanosById);
    }

    public List<String> ids() {
        return new ArrayList<>(intendedNanosById.keySet());
    }

    public void clear() {
        intendedNanosById.clear();
        acceptedNanosById.clear();
    }
}
