package dev.ferry.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.batch.BatchApi;
import dev.ferry.core.config.FerryConfig;
import dev.ferry.core.config.ProviderEndpoint;
import dev.ferry.core.config.ProviderSettings;
import dev.ferry.core.kafka.KafkaClientProperties;
import dev.ferry.core.serde.Json;
import dev.ferry.core.topic.FerryTopics;
import dev.ferry.embeddedkafka.EmbeddedKafkaBroker;
import dev.ferry.events.EventTopics;
import dev.ferry.core.metrics.JobMetrics;
import dev.ferry.core.metrics.MetricLabels;
import dev.ferry.ingress.IngressApp;
import dev.ferry.ingress.ManagementApp;
import dev.ferry.ingress.ops.BrokerReachability;
import dev.ferry.ingress.ops.Operations;
import dev.ferry.ingress.ops.Readiness;
import dev.ferry.ingress.ops.RunningBatches;
import dev.ferry.ingress.tokens.TokenCountingPool;
import dev.ferry.providers.ProviderHttpClient;
import dev.ferry.providers.ProviderRouter;
import dev.ferry.mockprovider.MockProviderServer;
import dev.ferry.statestore.JobStateStore;
import dev.ferry.statestore.query.LookupHttpClient;
import dev.ferry.webhooks.WebhookDelivery;
import dev.ferry.worker.JobWorker;
import java.net.URI;
import java.nio.file.Path;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.Collectors;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Ferry process: wires its roles by hand, in order, and closes them in reverse. With no Kafka configured
 * it starts an embedded broker and the mock provider first.
 */
public final class FerryNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FerryNode.class);

    /** One started part and how the log names it. */
    private record Part(String name, AutoCloseable closeable) {
    }

    private final Deque<Part> started = new ArrayDeque<>();
    private volatile String closingNow = "nothing";
    private String bootstrapServers;
    private URI mockProviderUrl;
    private IngressApp ingress;
    private JobStateStore store;
    private JobWorker worker;
    private WebhookDelivery webhooks;
    private ManagementApp management;

    private FerryNode() {
    }

    /** Starts every part of {@code roles}; on failure closes what had started and rethrows. */
    public static FerryNode start(FerryConfig config, Set<Role> roles, Clock clock) throws Exception {
        FerryNode node = new FerryNode();
        try {
            node.startAll(config, roles, clock);
            return node;
        } catch (Exception | Error e) {
            node.close();
            throw e;
        }
    }

    private void startAll(FerryConfig config, Set<Role> roles, Clock clock) throws Exception {
        ObjectMapper mapper = Json.newMapper();
        ObjectMapper payloads = Json.newPayloadMapper();
        if (usesDataDirectory(config, roles)) {
            remember("the data directory lock", DataDirectoryLock.acquire(config.dataDir()));
        }
        bootstrapServers = config.kafka().bootstrapServers().orElseGet(() -> startEmbeddedBroker(config));
        ProviderSettings providers = config.providers();
        if (config.kafka().embedded() && providers.mockProviderUrl().isEmpty()) {
            MockProviderServer mock = remember("the mock provider",
                    new MockProviderServer(config.mockProvider(), mapper, RandomGenerator.getDefault()).start());
            mockProviderUrl = mock.baseUrl();
            providers = providers.withEndpoint(
                    ProviderEndpoint.openAiCompatible(ProviderSettings.MOCK, mockProviderUrl, Optional.empty()));
        }
        KafkaClientProperties kafka = new KafkaClientProperties(bootstrapServers, config.kafka());
        Admin admin = remember("the Kafka admin client", Admin.create(kafka.admin()));
        int partitions = TopicInitializer.ensureTopics(admin, config.kafka(), config.batch(),
                config.webhooks().enabled() ? WebhookDelivery.topicsWritten(config.webhooks()) : List.of());
        FerryTopics topics = FerryTopics.create(config.kafka(), config.batch(), mapper);
        EventTopics events = EventTopics.create(config.kafka(), config.batch(), mapper);
        ExecutorService lookupThreads =
                Executors.newFixedThreadPool(LookupHttpClient.EXECUTOR_THREADS, daemonThreads("ferry-lookup-http"));
        remember("the lookup HTTP threads", lookupThreads::shutdownNow);
        HttpClient lookups = LookupHttpClient.create(lookupThreads);
        ProviderHttpClient providerHttp = remember("the provider HTTP client", ProviderHttpClient.start());
        ProviderRouter router = ProviderRouter.create(providers, providerHttp, payloads);
        Meters meters = remember("the meter registry", Meters.create(config.metrics()));
        JobMetrics jobMetrics = new JobMetrics(meters.registry(), new MetricLabels(
                providers.endpoints().stream().map(ProviderEndpoint::name).collect(Collectors.toSet()),
                config.metrics().models()));
        List<Readiness.Check> checks = new ArrayList<>();
        checks.add(new Readiness.Check("kafka", new BrokerReachability(admin, clock)));
        if (roles.contains(Role.WORKER)) {
            worker = remember("the worker", JobWorker.create(config.worker(), config.batch(), kafka, topics, events,
                    router, clock, meters.registry(), jobMetrics).start());
            checks.add(new Readiness.Check("worker", worker::isRunning));
        }
        if (roles.contains(Role.WEBHOOKS)) {
            startWebhooks(config, kafka, events, mapper, clock, meters);
        }
        if (!roles.contains(Role.INGRESS)) {
            management = remember("the management listener", new ManagementApp(config.metrics().managementHost(),
                    config.metrics().managementPort(), new Operations(meters.registry(), meters.scrape(),
                    new Readiness(checks), Optional.empty()), payloads).start());
            log.info("The management listener serves /health/ready and /metrics on {}:{}.",
                    config.metrics().managementHost(), management.port());
        }
        if (roles.contains(Role.INGRESS)) {
            Optional<HostInfo> self = config.store().advertisedHost()
                    .map(host -> new HostInfo(host, config.http().port()));
            store = remember("the job store", JobStateStore.create(config.store(), config.kafka(), kafka,
                    topics, events, mapper, admin, partitions, clock, self, lookups, meters.registry()).start());
            checks.add(new Readiness.Check("job_store", store::isRunning));
            Operations operations = new Operations(meters.registry(), meters.scrape(), new Readiness(checks),
                    Optional.of(remember("the operator page's sources", OperatorPageSources.start(config,
                            kafka, topics, admin, meters, store, runningBatches(store), clock)).overview()));
            IngressApp.StoreReads reads = new IngressApp.StoreReads(store.lookup(), store.backlog(),
                    store.localLookup(), store.standbyLookup(), store::isRunning);
            ingress = remember("the HTTP ingress", IngressApp.create(config, kafka, topics, admin, reads, router,
                    operations, jobMetrics, payloads, clock, controls -> List.of(BatchApi.create(config.batch(), kafka,
                            config.http(), topics, store.batchLookup(), store.localBatchLookup(), controls, mapper,
                            payloads, partitions, clock))));
            ingress.start();
        }
    }

    private void startWebhooks(FerryConfig config, KafkaClientProperties kafka, EventTopics events, ObjectMapper mapper,
            Clock clock, Meters meters) {
        if (!config.webhooks().enabled()) {
            log.info("No webhook endpoints are configured, so this process delivers no webhooks.");
            return;
        }
        webhooks = remember("webhook delivery", WebhookDelivery.create(config.webhooks(), events, kafka,
                mapper, clock, meters.registry()).start());
        log.info("Webhook delivery runs for {} endpoints.", config.webhooks().endpoints().size());
    }

    /** The operator page's batch panel: this gateway's running batches, with their counts. */
    private static RunningBatches runningBatches(JobStateStore store) {
        return () -> store.runningBatches().stream()
                .map(batch -> new RunningBatches.Progress(batch.batchId(), batch.status().wire(),
                        batch.requestCounts().total(), batch.completed(), batch.failed()))
                .toList();
    }

    /**
     * The embedded broker keeps its log there, and the job store (which runs beside ingress) its RocksDB files unless
     * they are moved; a worker or webhooks process on an external cluster keeps nothing there.
     */
    private static boolean usesDataDirectory(FerryConfig config, Set<Role> roles) {
        Path dataDir = config.dataDir().toAbsolutePath().normalize();
        return config.kafka().embedded() || roles.contains(Role.INGRESS)
                && config.store().stateDir().toAbsolutePath().normalize().startsWith(dataDir);
    }

    private String startEmbeddedBroker(FerryConfig config) {
        EmbeddedKafkaBroker broker = remember("the embedded Kafka broker",
                EmbeddedKafkaBroker.start(config.dataDir().resolve("kafka"), config.embeddedKafkaPort()));
        return broker.bootstrapServers();
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private <T extends AutoCloseable> T remember(String name, T closeable) {
        started.push(new Part(name, closeable));
        return closeable;
    }

    /** Waits until the job store answers lookups, so the first poll after startup is served at once. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (store != null && !store.isRunning()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The built-in mock provider's base URL, when this node started one. */
    public Optional<URI> mockProviderUrl() {
        return Optional.ofNullable(mockProviderUrl);
    }

    /** The HTTP port, when this node runs ingress. */
    public Optional<Integer> httpPort() {
        return Optional.ofNullable(ingress).map(IngressApp::port);
    }

    /**
     * Closes this node's HTTP listener and nothing else: what the other instances see of a gateway that hangs or dies
     * before its Kafka session times out. For tests of the cluster.
     */
    void closeHttpListener() {
        if (ingress != null) {
            ingress.stopListening();
        }
    }

    /** The management listener's port, when this node runs no ingress. */
    public Optional<Integer> managementPort() {
        return Optional.ofNullable(management).map(ManagementApp::port);
    }

    /** Every HTTP route this node registered, as {@code METHOD path}, when it runs ingress. */
    public List<String> httpRoutes() {
        return ingress == null ? List.of() : ingress.routes();
    }

    /** What the token-counting pool did so far, when this node runs ingress. */
    public Optional<TokenCountingPool.Stats> tokenCounting() {
        return Optional.ofNullable(ingress).map(IngressApp::tokenCounting);
    }

    /** Webhook deliveries under way, when this node delivers webhooks. */
    public Optional<Integer> webhooksInFlight() {
        return Optional.ofNullable(webhooks).map(WebhookDelivery::inFlight);
    }

    /** Jobs the worker has taken and not finished, when this node runs a worker. */
    public Optional<Integer> workerInFlight() {
        return Optional.ofNullable(worker).map(JobWorker::inFlight);
    }

    /** The part {@link #close} is closing right now, for a shutdown that has to give up on it. */
    String closingNow() {
        return closingNow;
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            Part next = started.pop();
            closingNow = next.name();
            try {
                next.closeable().close();
            } catch (Exception e) {
                log.warn("A component did not close cleanly: {}.", next.name(), e);
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        closingNow = "nothing";
    }
}
