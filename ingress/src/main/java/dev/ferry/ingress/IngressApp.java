package dev.ferry.ingress;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.core.config.FerryConfig;
import dev.ferry.core.config.HttpSettings;
import dev.ferry.core.kafka.KafkaClientProperties;
import dev.ferry.core.lookup.BacklogCounter;
import dev.ferry.core.lookup.JobLookup;
import dev.ferry.core.metrics.JobMetrics;
import dev.ferry.core.topic.FerryTopics;
import dev.ferry.ingress.auth.Authenticator;
import dev.ferry.ingress.http.HttpApi;
import dev.ferry.ingress.http.RouteExtension;
import dev.ferry.ingress.jobs.AsyncJobs;
import dev.ferry.ingress.jobs.BacklogQuota;
import dev.ferry.ingress.jobs.JobCancellation;
import dev.ferry.ingress.jobs.JobControls;
import dev.ferry.ingress.jobs.KafkaJobQueue;
import dev.ferry.ingress.jobs.ResultTtl;
import dev.ferry.ingress.ops.Operations;
import dev.ferry.ingress.streams.JobStreams;
import dev.ferry.ingress.tokens.TokenCountingPool;
import dev.ferry.providers.ProviderRouter;
import io.javalin.Javalin;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP ingress: Javalin serving the Responses routes, the async routes, background mode and health, with what it
 * alone uses: the producer of {@code jobs} and {@code job-control}, the relay of background streams and the
 * token-counting pool. Built by {@link #create} like the worker and the job store; {@link #close} stops the listener
 * first and then what it used, in reverse order.
 */
public final class IngressApp implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IngressApp.class);
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "::1");

    /**
     * What ingress reads from the job store that runs beside it.
     *
     * @param lookup answers a job's owner, forwarding to the instance that holds the job
     * @param local this instance's own store partitions only; answers other instances' forwarded lookups
     * @param standby this instance's standby copies; answers instances whose active host did not answer
     * @param ready whether the store answers lookups
     */
    public record StoreReads(
            JobLookup lookup, BacklogCounter backlog, JobLookup local, JobLookup standby, BooleanSupplier ready) {
    }

    private final HttpSettings settings;
    private final Javalin javalin;
    private final TokenCountingPool tokenCounting;
    private final Deque<AutoCloseable> used;
    private final List<RouteExtension> extensions;
    private boolean listening;

    private IngressApp(HttpSettings settings, Javalin javalin, TokenCountingPool tokenCounting,
            Deque<AutoCloseable> used, List<RouteExtension> extensions) {
        this.settings = settings;
        this.javalin = javalin;
        this.tokenCounting = tokenCounting;
        this.used = used;
        this.extensions = extensions;
    }

    /**
     * @param extensions other modules' routes served on the same listener, given the writer of {@code job-control};
     *     those that are {@link AutoCloseable} are closed after the listener
     * @param payloads the payload mapper (request limits)
     */
    public static IngressApp create(
            FerryConfig config,
            KafkaClientProperties kafka,
            FerryTopics topics,
            Admin admin,
            StoreReads store,
            ProviderRouter router,
            Operations operations,
            JobMetrics metrics,
            ObjectMapper payloads,
            Clock clock,
            Function<JobControls, List<? extends RouteExtension>> extensions) {
        Deque<AutoCloseable> used = new ArrayDeque<>();
        try {
            KafkaJobQueue queue = opened(used, KafkaJobQueue.create(kafka, topics, operations.registry()));
            AsyncJobs jobs = new AsyncJobs(queue, store.lookup(),
                    new ResultTtl(config.http().defaultResultTtlSeconds(), config.http().maxResultTtlSeconds()),
                    new BacklogQuota(config.http().backlogQuota(), store.backlog()), clock, metrics);
            TokenCountingPool tokenCounting = opened(used, new TokenCountingPool(config.http().tokenCounting()));
            JobStreams streams = opened(used, JobStreams.create(kafka, topics, admin));
            List<RouteExtension> routeExtensions = List.copyOf(extensions.apply(queue));
            routeExtensions.stream().filter(AutoCloseable.class::isInstance)
                    .forEach(extension -> used.push((AutoCloseable) extension));
            IngressServices services = new IngressServices(jobs, new JobCancellation(jobs, queue, clock), router,
                    new Authenticator(config.auth()), config.worker().providerTimeout(), store.ready(),
                    store.local(), store.standby(), config.store().clusterToken(), tokenCounting, streams,
                    operations, routeExtensions);
            HttpSettings settings = listenerSettings(config);
            Javalin javalin = new HttpApi(settings, payloads, services).create();
            return new IngressApp(settings, javalin, tokenCounting, used, routeExtensions);
        } catch (RuntimeException | Error e) {
            closeAll(used);
            throw e;
        }
    }

    private static <T extends AutoCloseable> T opened(Deque<AutoCloseable> used, T part) {
        used.push(part);
        return part;
    }

    /** Without credentials configured anyone could read any job, so ingress then listens on loopback only. */
    private static HttpSettings listenerSettings(FerryConfig config) {
        HttpSettings http = config.http();
        if (config.auth().enabled() || LOOPBACK.contains(http.host())) {
            return http;
        }
        log.warn("No credentials are configured (FERRY_API_KEYS, FERRY_VIRTUAL_KEYS, FERRY_BASIC_USERS or "
                + "FERRY_KEYS_FILE), so Ferry listens on 127.0.0.1 instead of {}.", http.host());
        return http.withHost("127.0.0.1");
    }

    /** Starts listening, then tells the route extensions that their routes are served. */
    public IngressApp start() {
        javalin.start(settings.host(), settings.port());
        listening = true;
        extensions.forEach(RouteExtension::serving);
        return this;
    }

    /** Every route registered, as {@code METHOD path}: what {@code /openapi.json} must document. */
    public List<String> routes() {
        return javalin.unsafe.internalRouter.allHttpHandlers().stream()
                .map(parsed -> parsed.endpoint)
                .filter(endpoint -> endpoint.method.isHttpMethod())
                .map(endpoint -> endpoint.method.name() + " " + endpoint.path)
                .toList();
    }

    /** The port actually bound (useful when configured as 0). */
    public int port() {
        return javalin.port();
    }

    /** What the token-counting pool did so far. */
    public TokenCountingPool.Stats tokenCounting() {
        return tokenCounting.stats();
    }

    /**
     * Closes the HTTP listener and nothing else: what the other instances see of a gateway that hangs or dies before
     * its Kafka session times out.
     */
    public synchronized void stopListening() {
        if (listening) {
            listening = false;
            javalin.stop();
        }
    }

    @Override
    public void close() {
        stopListening();
        closeAll(used);
    }

    private static void closeAll(Deque<AutoCloseable> parts) {
        while (!parts.isEmpty()) {
            AutoCloseable part = parts.pop();
            try {
                part.close();
            } catch (Exception e) {
                log.warn("A part of ingress did not close cleanly: {}.", part.getClass().getSimpleName(), e);
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
