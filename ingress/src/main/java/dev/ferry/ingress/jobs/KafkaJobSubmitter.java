package dev.ferry.ingress.jobs;

import dev.ferry.core.config.KafkaSettings;
import dev.ferry.core.error.FerryException;
import dev.ferry.core.job.JobSubmitted;
import dev.ferry.core.topic.Topic;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes jobs to the {@code jobs} topic with an idempotent {@code acks=all} producer, keyed by job id. */
public final class KafkaJobSubmitter implements JobSubmitter, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaJobSubmitter.class);

    private final Producer<String, JobSubmitted> producer;
    private final Topic<String, JobSubmitted> topic;

    public KafkaJobSubmitter(Producer<String, JobSubmitted> producer, Topic<String, JobSubmitted> topic) {
        this.producer = producer;
        this.topic = topic;
    }

    public static KafkaJobSubmitter create(
            String bootstrapServers, KafkaSettings kafka, Topic<String, JobSubmitted> topic) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, kafka.maxMessageBytes());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "ferry-ingress-jobs");
        return new KafkaJobSubmitter(
                new KafkaProducer<>(props, topic.keySerde().serializer(), topic.valueSerde().serializer()), topic);
    }

    @Override
    public CompletableFuture<JobSubmitted> submit(JobSubmitted job) {
        CompletableFuture<JobSubmitted> durable = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic.name(), job.jobId(), job), (metadata, error) -> {
                if (error == null) {
                    durable.complete(job);
                } else {
                    log.warn("Kafka did not accept a job: jobId={} error={}.", job.jobId(), error.toString());
                    durable.completeExceptionally(new FerryException.QueueUnavailable(
                            "the job queue did not accept the job; nothing was queued, retry shortly"));
                }
            });
        } catch (RuntimeException e) {
            log.warn("Kafka did not accept a job: jobId={} error={}.", job.jobId(), e.toString());
            durable.completeExceptionally(new FerryException.QueueUnavailable(
                    "the job queue did not accept the job; nothing was queued, retry shortly"));
        }
        return durable;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
