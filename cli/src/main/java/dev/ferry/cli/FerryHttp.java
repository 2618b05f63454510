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
 * streamed to disk. Errors come back as {@link FerryHttp.Failure} with the server's message.
 */
final class FerryHttp {

    /** The server answered with an error, or could not be reached. */
    static final class Failure extends RuntimeException {
        private final int status;

        Failure(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String base;
    private final String apiKey;

    FerryHttp(String url, String apiKey) {
        this.base = url.replaceAll("/+$", "") + "/openai/v1";
        this.apiKey = apiKey;
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
        return send(request("/batches/" + batchId).GET().build());
    }

    JsonNode file(String fileId) throws IOException, InterruptedException {
        return send(request("/files/" + fileId).GET().build());
    }

    JsonNode cancel(String batchId) throws IOException, InterruptedException {
        return send(request("/batches/" + batchId + "/cancel").POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    JsonNode batches(int limit, String after) throws IOException, InterruptedException {
        String query = "?limit=" + limit + (after == null ? "" : "&after=" + URLEncoder.encode(after,
                StandardCharsets.UTF_8));
        return send(request("/batches" + query).GET().build());
    }

    /** Streams a file's content to {@code target} (through a temporary file beside it, moved in place at the end). */
    void download(String fileId, Path target) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(request("/files/" + fileId + "/content").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw failure(response.statusCode(), body.readAllBytes());
            }
            Path partial = target.resolveSibling(target.getFileName() + ".part");
            Files.copy(body, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
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
            throw failure(response.statusCode(), response.body());
        }
        return json.readTree(response.body());
    }

    private Failure failure(int status, byte[] body) {
        String message;
        try {
            message = json.readTree(body).path("error").path("message").asText("");
        } catch (IOException e) {
            message = "";
        }
        return new Failure(status, "Ferry answered " + status + (message.isEmpty() ? "" : ": " + message));
    }

    private static InputStream open(Path file) {
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
