package dev.ferry.faultharness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * OpenAI's Files and Batch API as the batch scenarios use it. Reads go to whichever gateway answers: a gateway that is
 * down or answers 503 (its store partitions moving) is tried again, the other one meanwhile. An upload or a create
 * that answers 503 changed nothing, so it is sent again, to the same gateway, for a while: a store can still be
 * rebalancing after the deployment settled.
 */
final class BatchClient {

    private static final String BOUNDARY = "fault-harness-boundary";
    private static final Duration UNAVAILABLE_LIMIT = Duration.ofSeconds(60);
    private static final long DEFAULT_RETRY_MS = 500;
    private static final long MAX_RETRY_MS = 2000;

    private final HarnessHttp http;
    private final ObjectMapper mapper;
    private final List<URI> gateways;

    BatchClient(HarnessHttp http, ObjectMapper mapper, List<URI> gateways) {
        this.http = http;
        this.mapper = mapper;
        this.gateways = List.copyOf(gateways);
    }

    /** A batch input of {@code lines} requests {@code line-0 …} to the mock. */
    static String input(int lines) {
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            jsonl.append("{\"custom_id\":\"line-").append(i).append("\",\"method\":\"POST\",\"url\":\"/v1/responses\",")
                    .append("\"body\":{\"model\":\"mock/echo\",\"input\":\"line ").append(i).append("\"}}\n");
        }
        return jsonl.toString();
    }

    String upload(URI gateway, String jsonl) throws IOException, InterruptedException {
        String body = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n--"
                + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"batch.jsonl\"\r\n\r\n"
                + jsonl + "\r\n--" + BOUNDARY + "--\r\n";
        HarnessHttp.Answer answer = untilAvailable(() -> http.postAsync(gateway.resolve("/openai/v1/files"),
                Map.of("content-type", "multipart/form-data; boundary=" + BOUNDARY), body).join());
        return require(answer, "upload").path("id").asText();
    }

    String create(URI gateway, String fileId) throws IOException, InterruptedException {
        String body = "{\"input_file_id\":\"" + fileId
                + "\",\"endpoint\":\"/v1/responses\",\"completion_window\":\"24h\"}";
        HarnessHttp.Answer answer = untilAvailable(
                () -> http.postAsync(gateway.resolve("/openai/v1/batches"), Map.of(), body).join());
        return require(answer, "create").path("id").asText();
    }

    /** Sends again while the answer is a 503, after its Retry-After (at most 2 s), for at most a minute. */
    private static HarnessHttp.Answer untilAvailable(Supplier<HarnessHttp.Answer> send) throws InterruptedException {
        long deadline = System.nanoTime() + UNAVAILABLE_LIMIT.toNanos();
        HarnessHttp.Answer answer = send.get();
        while (answer.status() == 503 && System.nanoTime() < deadline) {
            Thread.sleep(retryDelayMs(answer));
            answer = send.get();
        }
        return answer;
    }

    private static long retryDelayMs(HarnessHttp.Answer answer) {
        try {
            return answer.retryAfter().map(seconds -> Math.min(MAX_RETRY_MS, Long.parseLong(seconds.trim()) * 1000))
                    .orElse(DEFAULT_RETRY_MS);
        } catch (NumberFormatException e) {
            return DEFAULT_RETRY_MS;
        }
    }

    /** The batch from the first gateway that answers, or empty if none does now. */
    Optional<JsonNode> batch(String batchId) {
        for (URI gateway : gateways) {
            HarnessHttp.Answer answer = http.get(gateway.resolve("/openai/v1/batches/" + batchId));
            if (answer.status() == 200) {
                try {
                    return Optional.of(mapper.readTree(answer.body()));
                } catch (IOException e) {
                    // try the other gateway
                }
            }
        }
        return Optional.empty();
    }

    /** Polls until the batch has ended or the timeout passes. */
    Optional<JsonNode> awaitEnd(String batchId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Optional<JsonNode> last = Optional.empty();
        while (System.nanoTime() < deadline) {
            Optional<JsonNode> batch = batch(batchId);
            if (batch.isPresent()) {
                last = batch;
                if (List.of("completed", "failed", "expired", "cancelled").contains(
                        batch.get().path("status").asText())) {
                    return batch;
                }
            }
            Thread.sleep(250);
        }
        return last;
    }

    /** A file's content from the first gateway that serves it, retried until the timeout. */
    String content(String fileId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastError = "";
        while (System.nanoTime() < deadline) {
            for (URI gateway : gateways) {
                HarnessHttp.Answer answer = http.get(gateway.resolve("/openai/v1/files/" + fileId + "/content"));
                if (answer.status() == 200) {
                    return answer.body();
                }
                lastError = answer.status() + " " + answer.error() + " " + answer.body();
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("no gateway served " + fileId + ": " + lastError);
    }

    private JsonNode require(HarnessHttp.Answer answer, String what) throws IOException {
        if (!answer.is2xx()) {
            throw new IllegalStateException(what + " answered " + answer.status() + " " + answer.error() + " "
                    + answer.body());
        }
        return mapper.readTree(answer.body());
    }
}
