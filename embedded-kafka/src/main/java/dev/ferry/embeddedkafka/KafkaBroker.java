package dev.ferry.embeddedkafka;

/** A running Kafka broker, as a client sees it: where to connect. The embedded broker is one; tests may use others. */
public interface KafkaBroker {

    /** The {@code bootstrap.servers} value that reaches this broker. */
    String bootstrapServers();
}
