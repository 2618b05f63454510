package dev.ferry.bench.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.core.config.MockProviderSettings;
import dev.ferry.core.serde.Json;
import dev.ferry.embeddedkafka.EmbeddedKafkaBroker;
import dev.ferry.mockprovider.MockProviderServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.Random;
import java.util.stream.Stream;

/**
 * What every scenario shares, all in the bench JVM and on loopback: a Kafka broker, a zero-latency mock provider, the
 * hello-world baseline server and a scratch directory. Closing it stops them all and deletes the directory.
 */
public final class BenchEnvironment implements AutoCloseable {

    private final Path dataDir;
    private final ObjectMapper mapper = Json.newMapper();
    private final CpuMonitor cpu = new CpuMonitor();
    private final BrokerWork brokerWork = new BrokerWork();
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private EmbeddedKafkaBroker broker;
    private MockProviderServer instantMock;
    private HelloWorldServer hello;
    private FerryNodes nodes;

    private BenchEnvironment(Path dataDir) {
        this.dataDir = dataDir;
    }

    public static BenchEnvironment start() throws IOException {
        BenchEnvironment environment = new BenchEnvironment(Files.createTempDirectory("ferry-bench-"));
        try {
            environment.broker = environment.remember(
                    EmbeddedKafkaBroker.start(environment.dataDir.resolve("kafka"), 0));
            environment.instantMock = environment.remember(environment.startMock(Duration.ZERO));
            environment.hello = environment.remember(HelloWorldServer.start());
            environment.nodes = new FerryNodes(environment.broker.bootstrapServers(),
                    Files.createDirectories(environment.dataDir.resolve("nodes")));
            return environment;
        } catch (IOException | RuntimeException | Error e) {
            environment.close();
            throw e;
        }
    }

    /** Starts another mock provider, closed with this environment. */
    public MockProviderServer startMock(Duration latency) {
        return new MockProviderServer(new MockProviderSettings("127.0.0.1", 0, latency, 0.0), mapper, new Random(42))
                .start();
    }

    /** Keeps {@code closeable} to close, in reverse order, with this environment. */
    public <T extends AutoCloseable> T remember(T closeable) {
        started.push(closeable);
        return closeable;
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public MockProviderServer instantMock() {
        return instantMock;
    }

    public int helloPort() {
        return hello.port();
    }

    public FerryNodes nodes() {
        return nodes;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    public CpuMonitor cpu() {
        return cpu;
    }

    /** The counters of the bench's broker, which runs in this JVM. */
    public BrokerWork brokerWork() {
        return brokerWork;
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                System.err.println("bench: something did not stop cleanly: " + e);
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        deleteQuietly(dataDir);
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | RuntimeException e) {
            System.err.println("bench: could not delete " + dir + ": " + e);
        }
    }
}
