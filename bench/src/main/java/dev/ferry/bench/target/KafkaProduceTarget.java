package dev.ferry.bench.target;

import dev.ferry.bench.load.Caller;
import dev.ferry.bench.load.Target;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The floor under an async submit: one idempotent {@code acks=all} producer, configured as Ferry's ingress producer
 * is, writing a record of the same size as a submitted job and waiting for the broker's acknowledgement. All
 * load-generator threads share the producer, as ingress's request threads do.
 */
public final class KafkaProduceTarget implements Target, AutoCloseable {

    private final String name;
    private final Producer<String, byte[]> producer;
    private final String topic;
    private final byte[] payload;

    public KafkaProduceTarget(String bootstrapServers, String topic, byte[] payload, int maxRequestBytes) {
        this("kafka-producer", bootstrapServers, topic, payload, maxRequestBytes);
    }

    /** The same producer under another name, e.g. writing to a topic something else reads. */
    public KafkaProduceTarget(String name, String bootstrapServers, String topic, byte[] payload,
            int maxRequestBytes) {
        this.name = name;
        this.producer = new KafkaProducer<>(producerProperties(bootstrapServers, "bench-" + name, maxRequestBytes),
                new StringSerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.payload = payload.clone();
    }

    /** A producer configured as Ferry's ingress producer is: idempotent, {@code acks=all}, 1 ms linger. */
    public static Properties producerProperties(String bootstrapServers, String clientId, int maxRequestBytes) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRequestBytes);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        return props;
    }

    @Override
    public String name() {
        return name;
    }

    public int payloadBytes() {
        return payload.length;
    }

    @Override
    public Caller newCaller() {
        return new Caller() {
            @Override
            public boolean call(long intendedNanos) throws Exception {
                producer.send(new ProducerRecord<>(topic, UUID.randomUUID().toString(), payload)).get();
                return true;
            }

            @Override
            public void close() {
                // the producer is shared and closed with the target
            }
        };
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
