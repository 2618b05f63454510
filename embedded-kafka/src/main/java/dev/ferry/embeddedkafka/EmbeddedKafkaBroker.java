package dev.ferry.embeddedkafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka (KRaft, broker and controller in one node) running inside this JVM and listening on
 * 127.0.0.1 only. The first start formats {@code dataDir}; later starts on the same directory keep its topics and
 * records. Single-node defaults: replication factor 1 for the internal topics, 3 partitions, no auto-created topics,
 * messages up to {@link #MAX_MESSAGE_BYTES}.
 */
public final class EmbeddedKafkaBroker implements KafkaBroker, AutoCloseable {

    /** The broker's {@code message.max.bytes}: room for an 8 MiB request body plus the record's envelope. */
    public static final int MAX_MESSAGE_BYTES = 9 * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final String LOG_DIR = "kafka-logs";

    private final KafkaRaftServer server;
    private final Path dataDir;
    private final String bootstrapServers;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafkaBroker(KafkaRaftServer server, Path dataDir, String bootstrapServers) {
        this.server = server;
        this.dataDir = dataDir;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Starts a broker and returns once it serves clients.
     *
     * @param dataDir where the cluster id and the logs live; created if missing, re-used if formatted before
     * @param port the client port on 127.0.0.1, or 0 to pick a free one (the controller port is always picked)
     */
    public static EmbeddedKafkaBroker start(Path dataDir, int port) {
        int[] free = LoopbackPorts.pick(2);
        int brokerPort = port == 0 ? free[0] : port;
        return start(dataDir, brokerPort, free[1] == brokerPort ? free[0] : free[1]);
    }

    /** Starts a broker on fixed ports; package-private so tests can move the controller port between restarts. */
    static EmbeddedKafkaBroker start(Path dataDir, int port, int controllerPort) {
        Objects.requireNonNull(dataDir, "dataDir");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 or 1..65535, was " + port);
        }
        long startNanos = System.nanoTime();
        Path absoluteDir = dataDir.toAbsolutePath();
        Properties properties = BrokerProperties.of(createDirectories(absoluteDir.resolve(LOG_DIR)), port, controllerPort);
        StorageFormat.ensureFormatted(absoluteDir, properties);

        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(properties, false), Time.SYSTEM);
        try {
            server.startup();
        } catch (Throwable e) { // Scala code may throw checked exceptions undeclared
            stopQuietly(server, e);
            throw e;
        }
        String bootstrapServers = BrokerProperties.HOST + ":" + port;
        LOG.info("Embedded Kafka broker ready at {} in {} ms (data in {})",
                bootstrapServers, (System.nanoTime() - startNanos) / 1_000_000, absoluteDir);
        return new EmbeddedKafkaBroker(server, absoluteDir, bootstrapServers);
    }

    /** The address clients connect to: {@code 127.0.0.1:port}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The data directory given to {@link #start}, as an absolute path. */
    public Path dataDir() {
        return dataDir;
    }

    /** Shuts the broker down and waits until it has stopped. Later calls do nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long startNanos = System.nanoTime();
        ExitGuard.run(() -> {
            server.shutdown();
            server.awaitShutdown();
        });
        LOG.info("Embedded Kafka broker at {} stopped in {} ms",
                bootstrapServers, (System.nanoTime() - startNanos) / 1_000_000);
    }

    private static void stopQuietly(KafkaRaftServer server, Throwable startupFailure) {
        try {
            ExitGuard.run(() -> {
                server.shutdown();
                server.awaitShutdown();
            });
        } catch (Throwable e) {
            startupFailure.addSuppressed(e);
        }
    }

    private static Path createDirectories(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Kafka data directory " + dir, e);
        }
    }
}
