package dev.ferry.embeddedkafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;

/**
 * Formats the log directory the way {@code kafka-storage.sh format --ignore-formatted} does. The cluster id is made
 * once and kept in {@value #CLUSTER_ID_FILE} in the data directory, so a restart re-uses the formatted directory.
 */
final class StorageFormat {

    static final String CLUSTER_ID_FILE = "cluster.id";
    static final String SERVER_PROPERTIES_FILE = "server.properties";

    private StorageFormat() {
    }

    /** Writes {@code server.properties} into {@code dataDir} and formats the log directory unless it already is. */
    static void ensureFormatted(Path dataDir, Properties serverProperties) {
        String[] args;
        try {
            Path configFile = dataDir.resolve(SERVER_PROPERTIES_FILE);
            try (Writer writer = Files.newBufferedWriter(configFile, StandardCharsets.UTF_8)) {
                serverProperties.store(writer, "written by Ferry's embedded Kafka broker on every start");
            }
            args = new String[] {"format", "-t", clusterId(dataDir), "-c", configFile.toString(), "--ignore-formatted"};
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the Kafka data directory " + dataDir, e);
        }
        int status;
        try {
            status = StorageTool.execute(args, new PrintStream(OutputStream.nullOutputStream()));
        } catch (RuntimeException e) {
            // StorageTool reports bad input with its own (Scala) exception types.
            throw new IllegalStateException("formatting " + dataDir + " failed: " + e.getMessage(), e);
        }
        if (status != 0) {
            throw new IllegalStateException("formatting " + dataDir + " failed with status " + status);
        }
    }

    private static String clusterId(Path dataDir) throws IOException {
        Path file = dataDir.resolve(CLUSTER_ID_FILE);
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        }
        String clusterId = Uuid.randomUuid().toString();
        Files.writeString(file, clusterId + "\n", StandardCharsets.UTF_8);
        return clusterId;
    }
}
