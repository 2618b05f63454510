package dev.ferry.statestore.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.core.config.Secret;
import dev.ferry.core.error.FerryException;
import dev.ferry.core.job.JobRecord;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Asks the instance that hosts a job's store partition for the job, over its internal HTTP route. Anything but a
 * clear answer becomes 503 {@code StoreUnavailable}, never "not found".
 */
final class RemoteJobLookup {

    static final String PATH = "/internal/v1/jobs/";
    static final String TOKEN_HEADER = "x-ferry-cluster-token";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final HttpClient http;
    private final ObjectMapper mapper;
    private final Optional<Secret> clusterToken;

    RemoteJobLookup(HttpClient http, ObjectMapper mapper, Optional<Secret> clusterToken) {
        this.http = http;
        this.mapper = mapper;
        this.clusterToken = clusterToken;
    }

    Optional<JobRecord> find(HostInfo host, String jobId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://" + host.host() + ":" + host.port() + PATH + jobId))
                .timeout(TIMEOUT)
                .GET();
        clusterToken.ifPresent(token -> request.header(TOKEN_HEADER, token.value()));
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 200) {
                return Optional.of(mapper.readValue(response.body(), JobRecord.class));
            }
            if (response.statusCode() == 404) {
                return Optional.empty();
            }
            throw unavailable(host);
        } catch (IOException e) {
            throw unavailable(host);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(host);
        }
    }

    private static FerryException.StoreUnavailable unavailable(HostInfo host) {
        return new FerryException.StoreUnavailable(
                "the instance holding this job (" + host + ") did not answer; retry shortly", RETRY_AFTER);
    }
}
