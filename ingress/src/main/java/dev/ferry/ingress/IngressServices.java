package dev.ferry.ingress;

import dev.ferry.core.config.Secret;
import dev.ferry.core.lookup.JobLookup;
import dev.ferry.ingress.auth.Authenticator;
import dev.ferry.ingress.http.RouteExtension;
import dev.ferry.ingress.jobs.AsyncJobs;
import dev.ferry.ingress.jobs.JobCancellation;
import dev.ferry.ingress.streams.JobStreams;
import dev.ferry.ingress.ops.Operations;
import dev.ferry.ingress.tokens.TokenCountingPool;
import dev.ferry.providers.ProviderRouter;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * What the HTTP routes work with, built by {@link IngressApp#create}.
 *
 * @param providerTimeout the longest a synchronous provider call may take
 * @param storeReady whether the job store answers lookups (for {@code /health})
 * @param localLookup this instance's own store partitions only; answers other instances' forwarded lookups
 * @param standbyLookup this instance's standby copies; answers instances whose active host did not answer
 * @param clusterToken the token forwarded lookups must carry
 * @param tokenCounting where input tokens are counted; closed after the HTTP server
 * @param streams relays background responses' event streams; closed after the HTTP server
 * @param operations metrics, readiness and the operator page's data
 * @param extensions routes of other modules served on the same listener (the Files and Batch APIs)
 */
public record IngressServices(
        AsyncJobs jobs,
        JobCancellation cancellation,
        ProviderRouter router,
        Authenticator authenticator,
        Duration providerTimeout,
        BooleanSupplier storeReady,
        JobLookup localLookup,
        JobLookup standbyLookup,
        Optional<Secret> clusterToken,
        TokenCountingPool tokenCounting,
        JobStreams streams,
        Operations operations,
        List<RouteExtension> extensions) {

    public IngressServices {
        Objects.requireNonNull(jobs, "jobs");
        Objects.requireNonNull(cancellation, "cancellation");
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(authenticator, "authenticator");
        Objects.requireNonNull(providerTimeout, "providerTimeout");
        Objects.requireNonNull(storeReady, "storeReady");
        Objects.requireNonNull(localLookup, "localLookup");
        Objects.requireNonNull(standbyLookup, "standbyLookup");
        Objects.requireNonNull(clusterToken, "clusterToken");
        Objects.requireNonNull(tokenCounting, "tokenCounting");
        Objects.requireNonNull(streams, "streams");
        Objects.requireNonNull(operations, "operations");
        extensions = List.copyOf(extensions);
    }
}
