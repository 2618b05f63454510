package dev.ferry.worker;

import dev.ferry.core.job.JobEvent;
import dev.ferry.core.topic.Topic;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes job events to {@code job-events}, keyed by job id, and tells when the broker has acknowledged each. */
final class JobEventPublisher {

    private final Producer<String, JobEvent> producer;
    private final Topic<String, JobEvent> topic;

    JobEventPublisher(Producer<String, JobEvent> producer, Topic<String, JobEvent> topic) {
        this.producer = producer;
        this.topic = topic;
    }

    CompletableFuture<Void> publish(JobEvent event) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic.name(), event.jobId(), event), (metadata, error) -> {
                if (error == null) {
                    acked.complete(null);
                } else {
                    acked.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) {
            acked.completeExceptionally(e);
        }
        return acked;
    }
}
