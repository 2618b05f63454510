package dev.ferry.core.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where Kafka is and how Ferry's topics are laid out.
 *
 * @param bootstrapServers an external cluster, or empty to start the embedded broker
 * @param jobStreamsTopic the per-job event streams of background responses created with {@code stream:true}
 * @param jobStreamsRetention how long those events stay resumable ({@code retention.ms} of that topic)
 */
public record KafkaSettings(
        Optional<String> bootstrapServers,
        String jobsTopic,
        String jobEventsTopic,
        String jobControlTopic,
        String deadLetterTopic,
        int partitions,
        short replicationFactor,
        int maxMessageBytes,
        String jobStreamsTopic,
        Duration jobStreamsRetention) {

    public static final String DEFAULT_JOB_STREAMS_TOPIC = "job-streams";
    public static final Duration DEFAULT_JOB_STREAMS_RETENTION = Duration.ofHours(24);

    /** Settings with the default job-streams topic. */
    public KafkaSettings(
            Optional<String> bootstrapServers,
            String jobsTopic,
            String jobEventsTopic,
            String jobControlTopic,
            String deadLetterTopic,
            int partitions,
            short replicationFactor,
            int maxMessageBytes) {
        this(bootstrapServers, jobsTopic, jobEventsTopic, jobControlTopic, deadLetterTopic, partitions,
                replicationFactor, maxMessageBytes, DEFAULT_JOB_STREAMS_TOPIC, DEFAULT_JOB_STREAMS_RETENTION);
    }

    public KafkaSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(jobsTopic, "jobsTopic");
        Objects.requireNonNull(jobEventsTopic, "jobEventsTopic");
        Objects.requireNonNull(jobControlTopic, "jobControlTopic");
        Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
        Objects.requireNonNull(jobStreamsTopic, "jobStreamsTopic");
        Objects.requireNonNull(jobStreamsRetention, "jobStreamsRetention");
    }

    public boolean embedded() {
        return bootstrapServers.isEmpty();
    }

    static KafkaSettings from(Env env, long maxBodyBytes) {
        return new KafkaSettings(
                env.optional("KAFKA_BOOTSTRAP_SERVERS"),
                env.string("FERRY_JOBS_TOPIC", "jobs"),
                env.string("FERRY_JOB_EVENTS_TOPIC", "job-events"),
                env.string("FERRY_JOB_CONTROL_TOPIC", "job-control"),
                env.string("FERRY_DEAD_LETTER_TOPIC", "jobs-dlq"),
                env.integer("FERRY_TOPIC_PARTITIONS", 6, 1, 10_000),
                (short) env.integer("FERRY_TOPIC_REPLICATION_FACTOR", 1, 1, 16),
                // a job record carries the request body plus a little envelope
                (int) Math.min(Integer.MAX_VALUE, maxBodyBytes + 64 * 1024),
                env.string("FERRY_JOB_STREAMS_TOPIC", DEFAULT_JOB_STREAMS_TOPIC),
                Duration.ofHours(env.integer("FERRY_JOB_STREAMS_RETENTION_HOURS",
                        (int) DEFAULT_JOB_STREAMS_RETENTION.toHours(), 1, 24 * 365)));
    }
}
