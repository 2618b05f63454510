package dev.ferry.testsupport;

import dev.ferry.embeddedkafka.KafkaBroker;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Kafka in a container (Testcontainers' {@link KafkaContainer}, the Apache Kafka image pinned as in
 * {@code compose/docker-compose.yml}), for running the integration suite where a Docker engine runs:
 * {@code FERRY_TEST_KAFKA=container mvn verify}.
 */
public record ContainerBroker(KafkaContainer container) implements KafkaBroker, AutoCloseable {

    /** The image {@code compose/} runs; {@code ComposeFileTest} keeps the two the same. */
    public static final String IMAGE = "apache/kafka:4.1.0";

    public static ContainerBroker start() {
        KafkaContainer container = new KafkaContainer(DockerImageName.parse(IMAGE))
                .withEnv("KAFKA_MESSAGE_MAX_BYTES", "9437184")
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
        container.start();
        return new ContainerBroker(container);
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public void close() {
        container.stop();
    }
}
