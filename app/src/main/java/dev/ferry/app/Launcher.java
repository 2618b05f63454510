package dev.ferry.app;

import dev.ferry.cli.FerryCli;
import dev.ferry.core.config.ConfigException;
import dev.ferry.core.config.FerryConfig;
import dev.ferry.core.config.MockProviderSettings;
import dev.ferry.core.serde.Json;
import dev.ferry.mockprovider.MockProviderServer;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * {@code ferry [all|ingress|worker|webhooks]} or {@code ferry mock-provider [--port N] [--latency-ms N]
 * [--error-rate F]}. Reads the environment once, starts what was asked for, and owns the one shutdown hook.
 * {@code ferry batch …} is the command line ({@link FerryCli}), which talks HTTP to a running Ferry and starts nothing.
 */
public final class Launcher {

    /** However its parts behave, a stopping Ferry is gone after this long. */
    private static final Duration SHUTDOWN_DEADLINE = Duration.ofSeconds(30);
    private static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    private final Map<String, String> environment;
    private final PrintStream out;

    Launcher(Map<String, String> environment, PrintStream out) {
        this.environment = environment;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("batch")) {
            FerryCli.main(args);
            return;
        }
        // On two cores the common pool has parallelism 1, and CompletableFuture then starts a new thread for every
        // async completion the JDK HTTP client hands it: one thread per provider response. Set before anything
        // touches CompletableFuture; an explicit -D wins.
        if (System.getProperty(COMMON_POOL_PARALLELISM) == null) {
            System.setProperty(COMMON_POOL_PARALLELISM,
                    Integer.toString(Math.max(2, Runtime.getRuntime().availableProcessors())));
        }
        try {
            new Launcher(System.getenv(), System.out).run(args);
        } catch (ConfigException | IllegalArgumentException | DataDirectoryLock.InUse e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }

    void run(String[] args) throws Exception {
        String command = args.length == 0 ? "all" : args[0];
        FerryConfig config = FerryConfig.fromEnv(environment);
        AutoCloseable running;
        Supplier<String> closingNow;
        if (command.equals("mock-provider")) {
            running = startMockProvider(config.mockProvider(), Arrays.copyOfRange(args, 1, args.length));
            closingNow = () -> "the mock provider";
        } else {
            FerryNode node = startNode(config, Role.parse(command));
            running = node;
            closingNow = node::closingNow;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        BoundedShutdown shutdown = new BoundedShutdown(SHUTDOWN_DEADLINE, stuck -> Runtime.getRuntime().halt(1));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                shutdown.close(running, closingNow);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                stopped.countDown();
            }
        }, "ferry-shutdown"));
        stopped.await();
    }

    private FerryNode startNode(FerryConfig config, Set<Role> roles) throws Exception {
        long startNanos = System.nanoTime();
        FerryNode node = FerryNode.start(config, roles, Clock.systemUTC());
        node.awaitReady(Duration.ofSeconds(120));
        out.printf("Ferry is up in %.1f s (roles %s, Kafka at %s).%n",
                (System.nanoTime() - startNanos) / 1e9, roles, node.bootstrapServers());
        node.mockProviderUrl().ifPresent(url -> out.println("Mock provider: " + url + " (models mock/<anything>)"));
        node.httpPort().ifPresent(port -> out.println(StartupHelp.text(config.http().host(), port)));
        return node;
    }

    private MockProviderServer startMockProvider(MockProviderSettings defaults, String[] args) {
        MockProviderSettings settings = MockProviderArgs.parse(defaults, args);
        MockProviderServer server = new MockProviderServer(settings, Json.newMapper(), RandomGenerator.getDefault())
                .start();
        out.println("Mock provider listening at " + server.baseUrl() + " (POST /responses; GET /mock/stats)");
        return server;
    }
}
