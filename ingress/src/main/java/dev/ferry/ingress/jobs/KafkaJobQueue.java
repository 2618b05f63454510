package dev.ferry.ingress.jobs;

import dev.ferry.core.error.FerryException;
import dev.ferry.core.job.JobControl;
import dev.ferry.core.job.JobSubmitted;
import dev.ferry.core.kafka.KafkaClientProperties;
import dev.ferry.core.topic.FerryTopics;
import dev.ferry.core.topic.Topic;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes jobs to {@code jobs} and cancels to {@code job-control}, keyed by job id, through one idempotent
 * {@code acks=all} producer; a future completes only once the broker has the record.
 */
public final class KafkaJobQueue implements JobSubmitter, JobControls, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaJobQueue.class);
    private static final int COMPLETION_THREADS = 2;

    private final Producer<String, byte[]> producer;
    private final FerryTopics topics;
    private final ExecutorService completions;
    private KafkaClientMetrics clientMetrics;

    /**
     * Acknowledgements complete their futures on a thread of this queue's own: whatever depends on them (writing an
     * HTTP response to a slow client, say) must never run on, and stall, the producer's I/O thread.
     */
    public KafkaJobQueue(Producer<String, byte[]> producer, FerryTopics topics) {
        this.producer = producer;
        this.topics = topics;
        this.completions = Executors.newFixedThreadPool(COMPLETION_THREADS, runnable -> {
            Thread thread = new Thread(runnable, "ferry-ingress-acks");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A queue whose producer's own metrics (Micrometer's Kafka client binder) go to {@code registry}. */
    public static KafkaJobQueue create(KafkaClientProperties kafka, FerryTopics topics, MeterRegistry registry) {
        KafkaJobQueue queue = create(kafka, topics);
        queue.clientMetrics = new KafkaClientMetrics(queue.producer);
        queue.clientMetrics.bindTo(registry);
        return queue;
    }

    public static KafkaJobQueue create(KafkaClientProperties kafka, FerryTopics topics) {
        Properties props = kafka.answeringProducer("ferry-ingress");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        // a submit never waits long for metadata or buffer space: the client gets its 503 instead
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        return new KafkaJobQueue(new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer()), topics);
    }

    @Override
    public CompletableFuture<QueuedJob> submit(JobSubmitted job) {
        return write(topics.jobs(), job.jobId(), job)
                .thenApply(written -> new QueuedJob(job, written.partition(), written.offset()));
    }

    @Override
    public CompletableFuture<Void> send(JobControl control) {
        return write(topics.jobControl(), control.key(), control).thenApply(written -> null);
    }

    private <V> CompletableFuture<RecordMetadata> write(Topic<String, V> topic, String jobId, V value) {
        CompletableFuture<RecordMetadata> durable = new CompletableFuture<>();
        try {
            RecordHeaders headers = new RecordHeaders();
            byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), headers, value);
            producer.send(new ProducerRecord<>(topic.name(), null, jobId, bytes, headers), (metadata, error) -> {
                if (error == null) {
                    completions.execute(() -> durable.complete(metadata));
                } else {
                    completions.execute(() -> durable.completeExceptionally(refused(topic, jobId, error)));
                }
            });
        } catch (RuntimeException e) {
            durable.completeExceptionally(refused(topic, jobId, e));
        }
        return durable;
    }

    private static FerryException refused(Topic<?, ?> topic, String jobId, Throwable error) {
        log.warn("Kafka did not accept a record: topic={} jobId={} error={}.", topic.name(), jobId, error.toString());
        return new FerryException.QueueUnavailable("the job queue did not accept the request; nothing was changed, "
                + "retry shortly");
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
        completions.shutdown();
        if (clientMetrics != null) {
            clientMetrics.close();
        }
    }
}
