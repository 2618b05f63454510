package dev.ferry.mockprovider;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.knuddels.jtokkit.Encodings;
import dev.ferry.core.config.MockProviderSettings;
import dev.ferry.tokens.TokenCounter;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import java.net.URI;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.random.RandomGenerator;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.LowResourceMonitor;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in mock provider: a real HTTP server speaking the OpenAI Responses API ({@code POST /v1/responses}, JSON
 * or SSE, answering text, structured output and function calls as OpenAI does, see {@link MockReplies};
 * {@code POST /v1/responses/input_tokens}) with configurable latency and error rate, plus {@code GET /mock/stats}. Waiting out the latency holds no
 * thread, so one instance keeps many thousands of requests in flight. Model names may carry directives, see
 * {@link MockDirectives}.
 */
public final class MockProviderServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MockProviderServer.class);
    private static final long MAX_REQUEST_BYTES = 64L * 1024 * 1024;
    private static final int ACCEPT_QUEUE = 8192;
    /** Long enough for any sleep directive or stream gap a test or benchmark uses; idle keep-alives close after it. */
    private static final long IDLE_TIMEOUT_MS = 10 * 60 * 1000L;
    private static final int MAX_THREADS = 200;
    private static final int MIN_THREADS = 8;
    private static final int RESULT_COPY_BYTES = 4096;

    private final MockProviderSettings settings;
    private final ObjectMapper mapper;
    private final MockStats stats = new MockStats();
    private final QueuedThreadPool workers;
    private final ScheduledExecutorService scheduler;
    private final Javalin app;

    /**
     * @param settings where to listen, the latency and the error rate
     * @param mapper used for every body it reads and writes
     * @param random decides errors and ids; need not be thread-safe, the server serializes its use
     */
    public MockProviderServer(MockProviderSettings settings, ObjectMapper mapper, RandomGenerator random) {
        this(settings, mapper, random, Clock.systemUTC());
    }

    /**
     * A mock whose answers are reproducible: two instances given equally seeded generators and the same fixed clock
     * answer the same sequence of requests with the same bytes (ids, timestamps, SSE frames).
     *
     * @param clock the source of {@code created_at} and {@code completed_at}
     */
    public MockProviderServer(
            MockProviderSettings settings, ObjectMapper mapper, RandomGenerator random, Clock clock) {
        Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.workers = new QueuedThreadPool(MAX_THREADS, MIN_THREADS);
        this.workers.setName("mock-provider");
        this.scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "mock-provider-timer");
            thread.setDaemon(true);
            return thread;
        });
        MockDice dice = new MockDice(random);
        MockResponseHandler handler = new MockResponseHandler(
                settings,
                mapper,
                new MockResponses(mapper, dice, clock, new TokenCounter(Encodings.newLazyEncodingRegistry())),
                dice,
                new MockTimer(scheduler, workers),
                stats,
                clock);
        this.app = Javalin.create(config -> configure(config, handler));
    }

    public MockProviderServer start() {
        app.start();
        LOG.info("The mock provider is listening on {} with {} ms latency and error rate {}.",
                baseUrl(), settings.latency().toMillis(), settings.errorRate());
        return this;
    }

    /** The port it listens on; valid once started. */
    public int port() {
        return app.port();
    }

    /** Where an OpenAI-compatible client points, {@code http://host:port/v1}; valid once started. */
    public URI baseUrl() {
        String host = settings.host();
        if (host.isEmpty() || "0.0.0.0".equals(host) || "::".equals(host)) {
            host = "127.0.0.1";
        } else if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + port() + "/v1");
    }

    @Override
    public void close() {
        try {
            app.stop();
        } finally {
            scheduler.shutdownNow();
        }
        LOG.info("The mock provider has stopped.");
    }

    private void configure(JavalinConfig config, MockResponseHandler handler) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.http.asyncTimeout = 0; // no limit: a sleep directive decides how long a request takes
        config.http.maxRequestSize = MAX_REQUEST_BYTES;
        config.http.compressionStrategy = CompressionStrategy.NONE; // compression would hold SSE events back
        config.http.responseBufferSize = RESULT_COPY_BYTES; // Javalin's copy of each answer, as in Ferry's ingress
        config.jetty.threadPool = workers;
        // Jetty's low-resource monitor shortens idle timeouts under load, which would cut long async waits short.
        config.jetty.modifyServer(server -> server.getBeans(LowResourceMonitor.class).forEach(server::removeBean));
        config.jetty.addConnector((server, httpConfiguration) -> {
            ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(httpConfiguration));
            connector.setHost(settings.host());
            connector.setPort(settings.port());
            connector.setAcceptQueueSize(ACCEPT_QUEUE);
            connector.setIdleTimeout(IDLE_TIMEOUT_MS);
            return connector;
        });
        config.routes.post("/v1/responses", handler::create);
        // Azure OpenAI's path for the same API, so the mock can stand in for an Azure endpoint too
        config.routes.post("/openai/responses", handler::createOnAzure);
        config.routes.post("/v1/responses/input_tokens", handler::countInputTokens);
        config.routes.post("/openai/responses/input_tokens", handler::countInputTokens);
        config.routes.get("/mock/stats", ctx -> ctx.contentType("application/json")
                .result(mapper.writeValueAsBytes(stats.toJson(mapper))));
    }
}
