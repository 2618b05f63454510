package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * OpenAI's Files and Batch API over HTTP, as the command needs it: uploads are streamed from the file, downloads
 * streamed to disk. Errors come back as {@link FerryHttp.Failure} with the server's message. Reads (a batch's status, a
 * file, a download) are asked again for up to {@link #READ_PATIENCE} while Ferry answers 503 (a rebalance, an instance
 * restarting) or a transfer breaks off, so that a batch that takes hours is not given up over a pause of seconds;
 * uploads and creations are sent once.
 */
final class FerryHttp {

    /** The server answered with an error, or could not be reached. */
    static final class Failure extends RuntimeException {
        private final int status;
        private final Duration retryAfter;

        Failure(int status, String message) {
            this(status, message, null);
        }

        /** @param retryAfter when Ferry asked to be asked again (a 503), else null */
        Failure(int status, String message, Duration retryAfter) {
            super(message, null, false, false);
            this.status = status;
            this.retryAfter = retryAfter;
        }

        int status() {
            return status;
        }
    }

    /** Waits before a read is asked again. */
    @FunctionalInterface
    interface Pause {
        void pause(Duration duration) throws InterruptedException;
    }

    /** One attempt at a read. */
    @FunctionalInterface
    private interface Read<T> {
        T attempt() throws IOException, InterruptedException;
    }

    static final Duration READ_PATIENCE = Duration.ofMinutes(2);
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final Duration DEFAULT_RETRY = Duration.ofSeconds(1);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String base;
    private final String apiKey;
    private final Duration patience;
    private final Pause pause;

    FerryHttp(String url, String apiKey) {
        this(url, apiKey, READ_PATIENCE, duration -> Thread.sleep(duration.toMillis()));
    }

    FerryHttp(String url, String apiKey, Duration patience, Pause pause) {
        this.base = url.replaceAll("/+$", "") + "/openai/v1";
        this.apiKey = apiKey;
        this.patience = patience;
        this.pause = pause;
    }

    JsonNode uploadBatchFile(Path file) throws IOException, InterruptedException {
        String boundary = "ferry-" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n--"
                + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + file.getFileName()
                + "\"\r\nContent-Type: application/jsonl\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        long length = head.length + Files.size(file) + tail.length;
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(java.util.Collections.enumeration(
                        List.of(new java.io.ByteArrayInputStream(head), open(file),
                                new java.io.ByteArrayInputStream(tail))))), length);
        return send(request("/files").header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(body).build());
    }

    JsonNode createBatch(String fileId, String endpoint) throws IOException, InterruptedException {
        String body = json.createObjectNode().put("input_file_id", fileId).put("endpoint", endpoint)
                .put("completion_window", "24h").toString();
        return send(request("/batches").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    JsonNode batch(String batchId) throws IOException, InterruptedException {
        return reading(() -> send(request("/batches/" + batchId).GET().build()));
    }

    JsonNode file(String fileId) throws IOException, InterruptedException {
        return reading(() -> send(request("/files/" + fileId).GET().build()));
    }

    JsonNode cancel(String batchId) throws IOException, InterruptedException {
        return send(request("/batches/" + batchId + "/cancel").POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    JsonNode batches(int limit, String after) throws IOException, InterruptedException {
        String query = "?limit=" + limit + (after == null ? "" : "&after=" + URLEncoder.encode(after,
                StandardCharsets.UTF_8));
        return reading(() -> send(request("/batches" + query).GET().build()));
    }

    /** Streams a file's content to {@code target} (through a temporary file beside it, moved in place at the end). */
    void download(String fileId, Path target) throws IOException, InterruptedException {
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        reading(() -> {
            HttpResponse<InputStream> response = http.send(request("/files/" + fileId + "/content").GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw failure(response, body.readAllBytes());
                }
                Files.copy(body, partial, StandardCopyOption.REPLACE_EXISTING);
            }
            return null;
        });
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Runs a read, again after a pause while Ferry answers 503 or the transfer breaks off, until {@link #patience}
     * is spent. Ferry not running at all is said at once.
     */
    private <T> T reading(Read<T> read) throws IOException, InterruptedException {
        Duration waited = Duration.ZERO;
        while (true) {
            Duration wait;
            try {
                return read.attempt();
            } catch (Failure e) {
                if (e.retryAfter == null || outOfPatience(waited, e.retryAfter)) {
                    throw e;
                }
                wait = e.retryAfter;
            } catch (java.net.ConnectException e) {
                throw e;
            } catch (IOException e) {
                if (outOfPatience(waited, DEFAULT_RETRY)) {
                    throw e;
                }
                wait = DEFAULT_RETRY;
            }
            pause.pause(wait);
            waited = waited.plus(wait);
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT);
        if (apiKey != null && !apiKey.isBlank()) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        return builder;
    }

    private JsonNode send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (java.net.ConnectException e) {
            throw new Failure(0, "cannot reach Ferry at " + base + " (is it running? set --url or FERRY_URL)");
        }
        if (response.statusCode() / 100 != 2) {
            throw failure(response, response.body());
        }
        return json.readTree(response.body());
    }

    private Failure failure(HttpResponse<?> response, byte[] body) {
        int status = response.statusCode();
        String message;
        try {
            message = json.readTree(body).path("error").path("message").asText("");
        } catch (IOException e) {
            message = "";
        }
        return new Failure(status, "Ferry answered " + status + (message.isEmpty() ? "" : ": " + message),
                status == 503 ? retryAfter(response) : null);
    }

    private boolean outOfPatience(Duration waited, Duration wait) {
        return waited.plus(wait).compareTo(patience) > 0;
    }

    /** The answer's Retry-After in seconds, kept between one and {@link #LONGEST_RETRY}. */
    private static Duration retryAfter(HttpResponse<?> response) {
        long seconds;
        try {
            seconds = response.headers().firstValue("retry-after").map(String::trim).map(Long::parseLong)
                    .orElse(DEFAULT_RETRY.toSeconds());
        } catch (NumberFormatException e) {
            seconds = DEFAULT_RETRY.toSeconds();
        }
        return Duration.ofSeconds(Math.max(DEFAULT_RETRY.toSeconds(), Math.min(LONGEST_RETRY.toSeconds(), seconds)));
    }

    private static InputStream open(Path file) {
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
