package dev.ferry.statestore.query;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.core.batch.BatchRecord;
import dev.ferry.core.batch.FileRecord;
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
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Asks another instance for a batch, a file, a batch's lines or a principal's lists, over its internal route
 * {@code GET /internal/v1/batch-store/{kind}/{id}?owner=…}, which answers from that instance's partitions only.
 * Anything but a clear answer becomes 503 {@code StoreUnavailable}, never "not found".
 */
final class RemoteBatchLookup {

    public static final String PATH = "/internal/v1/batch-store/";
    private static final String TOKEN_HEADER = "x-ferry-cluster-token";
    private static final Duration MARGIN = Duration.ofSeconds(2);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final HttpClient http;
    private final ObjectMapper mapper;
    private final Optional<Secret> clusterToken;
    private final Duration timeout;

    RemoteBatchLookup(HttpClient http, ObjectMapper mapper, Optional<Secret> clusterToken,
            Duration readYourWrites) {
        this.http = http;
        this.mapper = mapper;
        this.clusterToken = clusterToken;
        this.timeout = readYourWrites.plus(MARGIN);
    }

    Optional<BatchRecord> findBatch(HostInfo host, String batchId, String owner) {
        return ask(host, "batch/" + batchId, owner, "", mapper.constructType(BatchRecord.class));
    }

    Optional<FileRecord> findFile(HostInfo host, String fileId, String owner) {
        return ask(host, "file/" + fileId, owner, "", mapper.constructType(FileRecord.class));
    }

    List<JobRecord> lines(HostInfo host, String batchId, String owner, int from, int count) {
        Optional<List<JobRecord>> lines = ask(host, "lines/" + batchId, owner, "&from=" + from + "&count=" + count,
                mapper.getTypeFactory().constructCollectionType(List.class, JobRecord.class));
        return lines.orElseThrow(FerryException.JobNotFound::new);
    }

    void awaitFolded(HostInfo host, String key) {
        ask(host, "folded/" + key, "-", "", mapper.constructType(Boolean.class));
    }

    List<BatchRecord> listBatches(HostInfo host, String owner) {
        Optional<List<BatchRecord>> batches = ask(host, "batches/-", owner, "",
                mapper.getTypeFactory().constructCollectionType(List.class, BatchRecord.class));
        return batches.orElse(List.of());
    }

    List<FileRecord> listFiles(HostInfo host, String owner) {
        Optional<List<FileRecord>> files = ask(host, "files/-", owner, "",
                mapper.getTypeFactory().constructCollectionType(List.class, FileRecord.class));
        return files.orElse(List.of());
    }

    private <T> Optional<T> ask(HostInfo host, String what, String owner, String query, JavaType type) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port()
                        + PATH + what + "?owner=" + URLEncoder.encode(owner, StandardCharsets.UTF_8) + query))
                .timeout(timeout)
                .GET();
        clusterToken.ifPresent(token -> request.header(TOKEN_HEADER, token.value()));
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 200) {
                return Optional.of(mapper.readValue(response.body(), type));
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
                "the instance holding this batch (" + host + ") did not answer; retry shortly", RETRY_AFTER);
    }
}
