package dev.ferry.core.kafka;

import dev.ferry.core.config.KafkaSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The settings every Kafka client of Ferry shares, built in one place from the typed settings: where the cluster is,
 * the largest record a job may make, how durable a write is and how soon a dead group member is noticed. Callers add
 * only what is theirs (linger, poll sizes, a group's own needs).
 */
public final class KafkaClientProperties {

    /** A member that died gives its partitions up after this rather than Kafka's default 45 s. */
    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);
    static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(3);
    /** A write an HTTP client waits for fails within this rather than the producer's default 2 minutes. */
    static final Duration ANSWERED_DELIVERY_TIMEOUT = Duration.ofSeconds(30);
    static final Duration ANSWERED_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /** Kafka Streams' prefixes for its members' clients ({@code StreamsConfig.consumerPrefix} and friends). */
    private static final String STREAMS_CONSUMER = "consumer.";
    private static final String STREAMS_PRODUCER = "producer.";

    private final String bootstrapServers;
    private final KafkaSettings kafka;

    /** @param bootstrapServers the external cluster's or the embedded broker's address */
    public KafkaClientProperties(String bootstrapServers, KafkaSettings kafka) {
        this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        this.kafka = Objects.requireNonNull(kafka, "kafka");
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** An idempotent {@code acks=all} producer that carries the largest record a job may make. */
    public Properties producer(String clientId) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, kafka.maxMessageBytes());
        return props;
    }

    /**
     * A {@link #producer} whose acknowledgements HTTP clients wait for: a write the cluster cannot take fails within
     * {@link #ANSWERED_DELIVERY_TIMEOUT}, so that the client gets its 503 instead of a hung request.
     */
    public Properties answeringProducer(String clientId) {
        Properties props = producer(clientId);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ANSWERED_REQUEST_TIMEOUT.toMillis());
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) ANSWERED_DELIVERY_TIMEOUT.toMillis());
        return props;
    }

    /** A consumer of partitions it assigns itself: it commits nothing and fetches the largest record in one go. */
    public Properties consumer(String clientId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, kafka.maxMessageBytes());
        return props;
    }

    /**
     * A member of {@code groupId} that commits what it finished itself, starts a new group at the beginning (nothing
     * written before it joined is skipped), keeps its other partitions through a rebalance (cooperative sticky) and
     * is replaced {@link #SESSION_TIMEOUT} after it died.
     */
    public Properties groupConsumer(String groupId, String clientId) {
        Properties props = consumer(clientId);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        props.putAll(failureDetection(""));
        return props;
    }

    public Map<String, Object> admin() {
        return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    }

    /**
     * A Kafka Streams application's base: its internal topics replicated like Ferry's own, its producer and consumer
     * carrying the largest record, and a dead instance's tasks moved after {@link #SESSION_TIMEOUT}.
     */
    public Properties streams(String applicationId) {
        Properties props = new Properties();
        props.put("application.id", applicationId);
        props.put("bootstrap.servers", bootstrapServers);
        props.put("replication.factor", (int) kafka.replicationFactor());
        props.put(STREAMS_PRODUCER + ProducerConfig.MAX_REQUEST_SIZE_CONFIG, kafka.maxMessageBytes());
        props.put(STREAMS_CONSUMER + ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, kafka.maxMessageBytes());
        props.putAll(failureDetection(STREAMS_CONSUMER));
        return props;
    }

    private static Map<String, Object> failureDetection(String prefix) {
        return Map.of(prefix + ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) SESSION_TIMEOUT.toMillis(),
                prefix + ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) HEARTBEAT_INTERVAL.toMillis());
    }
}
