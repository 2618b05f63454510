package dev.ferry.ingress;

import dev.ferry.core.config.AuthSettings;
import dev.ferry.core.config.TokenCountSettings;
import dev.ferry.ingress.auth.Authenticator;
import dev.ferry.ingress.jobs.AsyncJobs;
import dev.ferry.ingress.jobs.JobCancellation;
import dev.ferry.ingress.jobs.QueuedJob;
import dev.ferry.ingress.ops.Operations;
import dev.ferry.ingress.jobs.ResultTtl;
import dev.ferry.ingress.tokens.TokenCountingPool;
import dev.ferry.providers.ProviderRouter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import dev.ferry.ingress.streams.JobStreamHub;
import dev.ferry.ingress.streams.JobStreams;
import org.apache.kafka.clients.consumer.MockConsumer;
import java.util.concurrent.CompletableFuture;

/**
 * Ingress services for HTTP tests that need no Kafka: no credentials, cancels refused, an empty local store, and the
 * default token-counting pool (its threads are daemons, left to end with the test JVM).
 */
public final class TestServices {

    private TestServices() {
    }

    public static IngressServices of(AsyncJobs jobs, ProviderRouter router, Duration providerTimeout) {
        JobCancellation noCancels = new JobCancellation(jobs,
                control -> CompletableFuture.failedFuture(new IllegalStateException("no job controls in this test")),
                Clock.systemUTC());
        return new IngressServices(jobs, noCancels, router, new Authenticator(new AuthSettings(List.of())),
                providerTimeout, () -> true, (jobId, owner) -> CompletableFuture.completedFuture(Optional.empty()), (jobId, owner) -> CompletableFuture.completedFuture(Optional.empty()),
                Optional.empty(), new TokenCountingPool(TokenCountSettings.DEFAULT),
                new JobStreams(new JobStreamHub(new MockConsumer<>("earliest"),
                        (jobId, since) -> CompletableFuture.failedFuture(new IllegalStateException("no job streams"))),
                        Executors.newSingleThreadScheduledExecutor()),
                Operations.none(), List.of());
    }

    /** Async jobs that are acknowledged at once and never found: for HTTP tests that do not poll. */
    public static AsyncJobs jobsWithoutKafka() {
        return new AsyncJobs(job -> CompletableFuture.completedFuture(new QueuedJob(job, 0, 0)),
                (jobId, owner) -> CompletableFuture.completedFuture(Optional.empty()), new ResultTtl(3600, 86400), Clock.systemUTC());
    }
}
