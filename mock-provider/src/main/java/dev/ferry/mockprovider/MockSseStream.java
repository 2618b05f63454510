package dev.ferry.mockprovider;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Writes one SSE answer, an event at a time with a gap between events, flushing each so the client sees it at once.
 * No thread is held during a gap. When a write fails because the client went away, it stops and counts a cancel.
 */
final class MockSseStream {

    private final HttpServletResponse response;
    private final List<ObjectNode> events;
    private final Duration gap;
    private final ObjectMapper mapper;
    private final MockTimer timer;
    private final MockStats stats;
    private final Optional<Clock> stamps;
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private int next;

    MockSseStream(
            HttpServletResponse response,
            List<ObjectNode> events,
            Duration gap,
            ObjectMapper mapper,
            MockTimer timer,
            MockStats stats,
            Optional<Clock> stamps) {
        this.stamps = Objects.requireNonNull(stamps, "stamps");
        this.response = Objects.requireNonNull(response, "response");
        this.events = List.copyOf(events);
        this.gap = Objects.requireNonNull(gap, "gap");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.stats = Objects.requireNonNull(stats, "stats");
    }

    /** Starts writing on the calling thread; the future completes when the stream has ended either way. */
    CompletableFuture<Void> start() {
        response.setStatus(200);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        writeNext();
        return finished;
    }

    // Each call runs on one worker thread at a time; the executor hand-off orders the writes to `next`.
    private void writeNext() {
        try {
            OutputStream out = response.getOutputStream();
            do {
                out.write(frame(events.get(next)));
                out.flush();
                next++;
            } while (next < events.size() && gap.isZero());
        } catch (IOException clientGone) {
            stats.cancelled();
            finished.complete(null);
            return;
        } catch (RuntimeException bug) {
            stats.failed();
            finished.completeExceptionally(bug);
            return;
        }
        if (next < events.size()) {
            timer.schedule(this::writeNext, gap);
        } else {
            stats.completed();
            finished.complete(null);
        }
    }

    private byte[] frame(ObjectNode event) throws IOException {
        stamps.ifPresent(clock -> {
            Instant now = clock.instant();
            event.put("mock_sent_at_us", now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000);
        });
        String frame = "event: " + event.get("type").asText() + "\ndata: " + mapper.writeValueAsString(event) + "\n\n";
        return frame.getBytes(StandardCharsets.UTF_8);
    }
}
