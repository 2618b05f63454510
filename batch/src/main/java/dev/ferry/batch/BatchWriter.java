package dev.ferry.batch;

import dev.ferry.core.batch.BatchLog;
import dev.ferry.core.error.FerryException;
import dev.ferry.core.job.JobSubmitted;
import dev.ferry.core.topic.FerryTopics;
import dev.ferry.core.topic.Topic;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The gateway's writes for batches, through one idempotent {@code acks=all} producer: file and batch records to
 * {@code batches}, line jobs to the batch lane. Nothing is answered to a client before Kafka acknowledged it.
 */
public final class BatchWriter {

    private static final long ACK_TIMEOUT_SECONDS = 30;

    private final Producer<String, byte[]> producer;
    private final FerryTopics topics;

    public BatchWriter(Producer<String, byte[]> producer, FerryTopics topics) {
        this.producer = producer;
        this.topics = topics;
    }

    /** Writes a file or batch record and waits until Kafka has it. */
    public RecordMetadata record(BatchLog entry) {
        return await(write(topics.batches(), entry.key(), entry));
    }

    /** Writes one line job to the batch lane; the future completes once Kafka has it. */
    public Future<RecordMetadata> line(JobSubmitted job) {
        return write(topics.batchJobs(), job.jobId(), job);
    }

    public void flush() {
        producer.flush();
    }

    public Producer<String, byte[]> producer() {
        return producer;
    }

    private <V> Future<RecordMetadata> write(Topic<String, V> topic, String key, V value) {
        RecordHeaders headers = new RecordHeaders();
        byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), headers, value);
        return producer.send(new ProducerRecord<>(topic.name(), null, key, bytes, headers));
    }

    static RecordMetadata await(Future<RecordMetadata> written) {
        try {
            return written.get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FerryException.QueueUnavailable("interrupted before Kafka acknowledged; nothing was changed");
        } catch (ExecutionException | TimeoutException e) {
            throw new FerryException.QueueUnavailable("Kafka did not accept the request; nothing was changed, retry "
                    + "shortly");
        }
    }

    static CompletableFuture<Void> done() {
        return CompletableFuture.completedFuture(null);
    }
}
