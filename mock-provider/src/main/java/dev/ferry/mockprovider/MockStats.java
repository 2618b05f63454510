package dev.ferry.mockprovider;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters behind {@code GET /mock/stats}. Every request is counted once when it arrives and ends as exactly one of
 * completed, failed or cancelled (its client hung up: before the answer was due, or in the middle of a stream); until
 * then it is in flight.
 */
final class MockStats {

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong maxInFlight = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong cancelled = new AtomicLong();

    void accepted() {
        requests.incrementAndGet();
        long now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
    }

    void completed() {
        completed.incrementAndGet();
        inFlight.decrementAndGet();
    }

    void failed() {
        failed.incrementAndGet();
        inFlight.decrementAndGet();
    }

    void cancelled() {
        cancelled.incrementAndGet();
        inFlight.decrementAndGet();
    }

    ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode json = mapper.createObjectNode();
        json.put("requests", requests.get());
        json.put("in_flight", inFlight.get());
        json.put("max_in_flight", maxInFlight.get());
        json.put("completed", completed.get());
        json.put("failed", failed.get());
        json.put("cancelled", cancelled.get());
        return json;
    }
}
