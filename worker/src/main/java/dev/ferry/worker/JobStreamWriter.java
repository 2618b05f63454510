package dev.ferry.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.job.JobError;
import dev.ferry.core.job.JobStreamEvent;
import dev.ferry.core.job.JobSubmitted;
import dev.ferry.providers.StreamEvent;
import dev.ferry.providers.StreamFailureEvent;
import dev.ferry.providers.StreamListener;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Turns the provider's stream for one run of a background job created with {@code stream:true} into the job's event
 * stream on {@code job-streams}: every event as the client will see it, numbered from 0, with the response's
 * {@code id} replaced by the job id (the id the client retrieves, cancels and resumes by) and {@code background:true}.
 * Up to {@value #UNACKNOWLEDGED} events may wait for Kafka's acknowledgement at once; beyond that the provider is
 * read only as fast as Kafka takes the events, so a run holds a bounded number of events in memory.
 */
final class JobStreamWriter implements StreamListener {

    static final int UNACKNOWLEDGED = 64;

    private final JobEventPublisher publisher;
    private final String jobId;
    private final String model;
    private final Clock clock;
    private final Deque<CompletableFuture<Void>> unacknowledged = new ArrayDeque<>();
    private long nextSequence;
    private JsonNode terminal;
    private JobStreamEvent heldBack;

    JobStreamWriter(JobEventPublisher publisher, JobSubmitted job, Clock clock) {
        this.publisher = publisher;
        this.jobId = job.jobId();
        this.model = job.model();
        this.clock = clock;
    }

    /** True for the jobs whose provider call is streamed: background responses created with {@code stream:true}. */
    static boolean wanted(JobSubmitted job) {
        return job.request().path("stream").asBoolean(false);
    }

    @Override
    public synchronized CompletionStage<?> onEvent(StreamEvent event) {
        long sequence = nextSequence++;
        JsonNode json = event.json();
        if (JobStreamEvent.TERMINAL_TYPES.contains(event.type())) {
            terminal = json;
        }
        byte[] data;
        if (json.has("response") || json.path("sequence_number").asLong(-1) != sequence) {
            ObjectNode copy = json.deepCopy();
            copy.put("sequence_number", sequence);
            if (copy.get("response") instanceof ObjectNode response) {
                response.put("id", jobId);
                response.put("background", true);
            }
            data = copy.toString().getBytes(StandardCharsets.UTF_8);
        } else {
            data = event.data().getBytes(StandardCharsets.UTF_8);
        }
        JobStreamEvent streamed = new JobStreamEvent(jobId, event.type(), sequence, data);
        if (streamed.isTerminal()) {
            heldBack = streamed; // written once the job's terminal event is, see closeAfterJobEvent
            return CompletableFuture.completedFuture(null);
        }
        return append(streamed);
    }

    /**
     * Writes the provider's terminal event, held back until the job's own terminal event was acknowledged: a client
     * that retrieves the response once its stream ended then finds it ended too.
     */
    synchronized CompletableFuture<Void> closeAfterJobEvent() {
        if (heldBack != null) {
            append(heldBack);
            heldBack = null;
        }
        return acknowledged();
    }

    /** The provider's terminal event ({@code response.completed}, {@code .failed}, {@code .incomplete}, {@code error}). */
    synchronized Optional<JsonNode> terminalEvent() {
        return Optional.ofNullable(terminal);
    }

    /**
     * Ends the stream with a failure event: {@code response.failed} once the client saw events, else {@code error}.
     * Call it once the job's failure is acknowledged.
     */
    synchronized CompletableFuture<Void> fail(JobError error) {
        String responseId = nextSequence > 0 ? jobId : null;
        byte[] data = StreamFailureEvent.of(error, responseId, model, nextSequence).toString()
                .getBytes(StandardCharsets.UTF_8);
        String type = responseId != null ? "response.failed" : "error";
        append(new JobStreamEvent(jobId, type, nextSequence++, data));
        return acknowledged();
    }

    /** Ends the stream without a further event for the client (the job was cancelled); call it after the job's event. */
    synchronized CompletableFuture<Void> end() {
        append(new JobStreamEvent(jobId, JobStreamEvent.END, nextSequence++, "{}".getBytes(StandardCharsets.UTF_8)));
        return acknowledged();
    }

    /** Completes once every event written so far is acknowledged; fails if one was refused. */
    synchronized CompletableFuture<Void> acknowledged() {
        return CompletableFuture.allOf(unacknowledged.toArray(new CompletableFuture<?>[0]));
    }

    private CompletableFuture<Void> append(JobStreamEvent event) {
        CompletableFuture<Void> acked = publisher.streamEvent(event, clock.millis());
        unacknowledged.addLast(acked);
        while (unacknowledged.size() > 1 && unacknowledged.peekFirst().isDone()
                && !unacknowledged.peekFirst().isCompletedExceptionally()) {
            unacknowledged.removeFirst();
        }
        return unacknowledged.size() > UNACKNOWLEDGED ? unacknowledged.peekFirst() : CompletableFuture.completedFuture(null);
    }
}
