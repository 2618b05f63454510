package dev.ferry.bench.target;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The jobs a submit run got accepted, each with the time its request was meant to go out. */
public final class SubmittedJobs {

    private final Map<String, Long> intendedNanosById = new ConcurrentHashMap<>();

    void accepted(String jobId, long intendedNanos) {
        intendedNanosById.put(jobId, intendedNanos);
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
    }
}
