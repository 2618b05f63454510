package dev.ferry.statestore.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.core.config.Secret;
import dev.ferry.core.error.FerryException;
import dev.ferry.core.job.JobRecord;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Asks another instance for a job, over its internal HTTP routes and without blocking: the instance whose store
 * partition holding the job is active, or one holding a standby copy. The other instance checks that {@code owner}
 * may see the job. Anything but a clear answer fails with 503 {@code StoreUnavailable}, never "not found".
 */
final class RemoteJobLookup implements ClusterJobReads.OtherInstances {

    static final String ACTIVE_PATH = "/internal/v1/jobs/";
    static final String STANDBY_PATH = "/internal/v1/standby-jobs/";
    static final String TOKEN_HEADER = "x-ferry-cluster-token";
    /** Longer than the other instance may wait for read-your-writes before it answers. */
    private static final Duration MARGIN = Duration.ofSeconds(2);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final HttpClient http;
    private final ObjectMapper mapper;
    private final Optional<Secret> clusterToken;
    private final Duration timeout;

    RemoteJobLookup(HttpClient http, ObjectMapper mapper, Optional<Secret> clusterToken, Duration readYourWrites) {
        this.http = http;
        this.mapper = mapper;
        this.clusterToken = clusterToken;
        this.timeout = readYourWrites.plus(MARGIN);
    }

    @Override
    public CompletableFuture<Optional<JobRecord>> find(HostInfo host, String jobId, String owner) {
        return ask(host, ACTIVE_PATH, jobId, owner);
    }

    @Override
    public CompletableFuture<Optional<JobRecord>> findOnStandby(HostInfo host, String jobId, String owner) {
        return ask(host, STANDBY_PATH, jobId, owner);
    }

    private CompletableFuture<Optional<JobRecord>> ask(HostInfo host, String path, String jobId, String owner) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port()
                        + path + jobId + "?owner=" + URLEncoder.encode(owner, StandardCharsets.UTF_8)))
                .timeout(timeout)
                .GET();
        clusterToken.ifPresent(token -> request.header(TOKEN_HEADER, token.value()));
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
                .handle((response, error) -> {
                    if (error == null && response.statusCode() == 200) {
                        return Optional.of(parse(host, response.body()));
                    }
                    if (error == null && response.statusCode() == 404) {
                        return Optional.<JobRecord>empty();
                    }
                    throw unavailable(host);
                });
    }

    private JobRecord parse(HostInfo host, byte[] body) {
        try {
            return mapper.readValue(body, JobRecord.class);
        } catch (IOException e) {
            throw unavailable(host);
        }
    }

    private static FerryException.StoreUnavailable unavailable(HostInfo host) {
        return new FerryException.StoreUnavailable(
                "the instance holding this job (" + host + ") did not answer; retry shortly", RETRY_AFTER);
    }
}
