package dev.ferry.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.core.config.FerryConfig;
import dev.ferry.core.config.ProviderEndpoint;
import dev.ferry.core.config.ProviderSettings;
import dev.ferry.core.serde.Json;
import dev.ferry.core.topic.FerryTopics;
import dev.ferry.embeddedkafka.EmbeddedKafkaBroker;
import dev.ferry.core.config.HttpSettings;
import dev.ferry.ingress.IngressApp;
import dev.ferry.ingress.IngressServices;
import dev.ferry.ingress.auth.Authenticator;
import dev.ferry.ingress.jobs.AsyncJobs;
import dev.ferry.ingress.jobs.BacklogQuota;
import dev.ferry.ingress.jobs.JobCancellation;
import dev.ferry.ingress.jobs.KafkaJobQueue;
import dev.ferry.ingress.jobs.ResultTtl;
import dev.ferry.ingress.tokens.TokenCountingPool;
import dev.ferry.providers.ProviderHttpClient;
import dev.ferry.providers.ProviderRouter;
import dev.ferry.providers.mock.MockProviderServer;
import dev.ferry.statestore.JobStateStore;
import dev.ferry.worker.JobWorker;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Ferry process: wires its roles by hand, in order, and closes them in reverse. With no Kafka configured
 * it starts an embedded broker and the mock provider first.
 */
public final class FerryNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FerryNode.class);

    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "::1");

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private String bootstrapServers;
    private URI mockProviderUrl;
    private IngressApp ingress;
    private JobStateStore store;
    private JobWorker worker;
    private TokenCountingPool tokenCounting;

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
        bootstrapServers = config.kafka().bootstrapServers().orElseGet(() -> startEmbeddedBroker(config));
        ProviderSettings providers = config.providers();
        if (config.kafka().embedded() && providers.mockProviderUrl().isEmpty()) {
            MockProviderServer mock = remember(new MockProviderServer(config.mockProvider(), mapper,
                    RandomGenerator.getDefault()).start());
            mockProviderUrl = mock.baseUrl();
            providers = providers.withEndpoint(
                    ProviderEndpoint.openAiCompatible(ProviderSettings.MOCK, mockProviderUrl, Optional.empty()));
        }
        Admin admin = remember(Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers)));
        int partitions = TopicInitializer.ensureTopics(admin, config.kafka());
        FerryTopics topics = FerryTopics.create(config.kafka(), mapper);
        ExecutorService httpThreads =
                Executors.newFixedThreadPool(ProviderHttpClient.EXECUTOR_THREADS, daemonThreads("ferry-provider-http"));
        started.push(httpThreads::shutdownNow);
        HttpClient http = ProviderHttpClient.create(httpThreads);
        ProviderRouter router = ProviderRouter.create(providers, http, mapper);
        if (roles.contains(Role.WORKER)) {
            worker = remember(JobWorker.create(config.worker(), config.kafka(), bootstrapServers, topics, mapper,
                    router, clock).start());
        }
        if (roles.contains(Role.INGRESS)) {
            Optional<HostInfo> self = config.store().advertisedHost()
                    .map(host -> new HostInfo(host, config.http().port()));
            store = remember(JobStateStore.create(config.store(), config.kafka(), bootstrapServers, topics, mapper,
                    admin, partitions, clock, self, http).start());
            KafkaJobQueue queue = remember(KafkaJobQueue.create(bootstrapServers, config.kafka(), topics));
            AsyncJobs jobs = new AsyncJobs(queue, store.lookup(),
                    new ResultTtl(config.http().defaultResultTtlSeconds(), config.http().maxResultTtlSeconds()),
                    new BacklogQuota(config.http().backlogQuota(), store.backlog()), clock);
            JobCancellation cancellation = new JobCancellation(jobs, queue, clock);
            tokenCounting = remember(new TokenCountingPool(config.http().tokenCounting()));
            IngressServices services = new IngressServices(jobs, cancellation, router, new Authenticator(config.auth()),
                    config.worker().providerTimeout(), store::isRunning, store.localLookup(),
                    config.store().clusterToken(), tokenCounting);
            ingress = remember(new IngressApp(listenerSettings(config), mapper, services).start());
        }
    }

    /** Without credentials configured anyone could read any job, so Ferry then listens on loopback only. */
    private static HttpSettings listenerSettings(FerryConfig config) {
        HttpSettings http = config.http();
        if (config.auth().enabled() || LOOPBACK.contains(http.host())) {
            return http;
        }
        log.warn("No credentials are configured (FERRY_API_KEYS, FERRY_VIRTUAL_KEYS, FERRY_BASIC_USERS or "
                + "FERRY_KEYS_FILE), so Ferry listens on 127.0.0.1 instead of {}.", http.host());
        return http.withHost("127.0.0.1");
    }

    private String startEmbeddedBroker(FerryConfig config) {
        EmbeddedKafkaBroker broker = remember(
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

    private <T extends AutoCloseable> T remember(T closeable) {
        started.push(closeable);
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

    /** What the token-counting pool did so far, when this node runs ingress. */
    public Optional<TokenCountingPool.Stats> tokenCounting() {
        return Optional.ofNullable(tokenCounting).map(TokenCountingPool::stats);
    }

    /** Jobs the worker has taken and not finished, when this node runs a worker. */
    public Optional<Integer> workerInFlight() {
        return Optional.ofNullable(worker).map(JobWorker::inFlight);
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable next = started.pop();
            try {
                next.close();
            } catch (Exception e) {
                log.warn("A component did not close cleanly: {}.", next.getClass().getSimpleName(), e);
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
