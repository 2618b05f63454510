package dev.ferry.testsupport;

import dev.ferry.embeddedkafka.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The broker {@link KafkaBrokerExtension} shares, with its temporary data directory; closing removes both. */
record SharedBroker(EmbeddedKafkaBroker broker, Path dataDir) implements AutoCloseable {

    static SharedBroker start() {
        try {
            Path dataDir = Files.createTempDirectory("ferry-test-kafka-");
            return new SharedBroker(EmbeddedKafkaBroker.start(dataDir, 0), dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a data directory for the test broker", e);
        }
    }

    @Override
    public void close() throws IOException {
        broker.close();
        try (Stream<Path> paths = Files.walk(dataDir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
