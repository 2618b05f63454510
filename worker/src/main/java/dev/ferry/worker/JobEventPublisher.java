package dev.ferry.worker;

import dev.ferry.core.job.DeadLetter;
import dev.ferry.core.job.JobEvent;
import dev.ferry.core.job.JobStreamEvent;
import dev.ferry.core.topic.FerryTopics;
import dev.ferry.core.topic.Topic;
import dev.ferry.events.EventTopics;
import dev.ferry.events.JobContext;
import dev.ferry.events.PublicJobEvent;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Writes what the worker learns about jobs: events to {@code job-events} (the public contract: each event with the
 * job's owner, metadata and batch, and CloudEvents headers), the event streams of streamed background responses to
 * {@code job-streams} and given-up jobs to the dead-letter topic, keyed by job id, through one producer; each future
 * completes when the broker acknowledged the record.
 */
final class JobEventPublisher {

    private final Producer<String, byte[]> producer;
    private final FerryTopics topics;
    private final EventTopics events;
    private final Executor completions;

    /**
     * @param completions runs whatever depends on an acknowledgement; never the producer's own I/O thread, where a
     *     dependent send to a topic without cached metadata would wait for that very thread
     */
    JobEventPublisher(
            Producer<String, byte[]> producer, FerryTopics topics, EventTopics events, Executor completions) {
        this.producer = producer;
        this.topics = topics;
        this.events = events;
        this.completions = completions;
    }

    CompletableFuture<Void> publish(JobEvent event, JobContext job) {
        return write(events.jobEvents(), event.jobId(), new PublicJobEvent(event, job));
    }

    /**
     * Appends one event to its job's stream; the record's timestamp is {@code atMs}, the worker's clock, which is
     * how a gateway finds where a job's stream starts (see {@code JobStreamHub}).
     */
    CompletableFuture<Void> streamEvent(JobStreamEvent event, long atMs) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topics.jobStreams().name(), null, atMs, event.jobId(), event.data(),
                    event.headers()), (metadata, error) -> complete(acked, error));
        } catch (RuntimeException e) {
            acked.completeExceptionally(e);
        }
        return acked;
    }

    CompletableFuture<Void> deadLetter(DeadLetter letter) {
        return write(topics.deadLetters(), letter.jobId(), letter);
    }

    private <V> CompletableFuture<Void> write(Topic<String, V> topic, String key, V value) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        try {
            RecordHeaders headers = new RecordHeaders();
            byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), headers, value);
            producer.send(new ProducerRecord<>(topic.name(), null, key, bytes, headers),
                    (metadata, error) -> complete(acked, error));
        } catch (RuntimeException e) {
            acked.completeExceptionally(e);
        }
        return acked;
    }

    private void complete(CompletableFuture<Void> acked, Exception error) {
        if (error == null) {
            completions.execute(() -> acked.complete(null));
        } else {
            completions.execute(() -> acked.completeExceptionally(error));
        }
    }
}
