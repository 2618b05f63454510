package dev.ferry.bench.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;

/** OpenAI's Files and Batch API as the batch scenario uses it: streamed uploads, polls, counted downloads. */
public final class BatchHttp {

    private static final String BOUNDARY = "ferry-bench-boundary";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String base;

    public BatchHttp(int port) {
        this.base = "http://127.0.0.1:" + port + "/openai/v1";
    }

    /** Uploads {@code file} as a batch input, streaming it from disk; returns the file id. */
    public String upload(Path file) throws IOException, InterruptedException {
        byte[] head = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n--"
                + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bench.jsonl\"\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8);
        long length = head.length + Files.size(file) + tail.length;
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(Collections.enumeration(
                        List.of(new ByteArrayInputStream(head), open(file), new ByteArrayInputStream(tail))))),
                length);
        return send(HttpRequest.newBuilder(URI.create(base + "/files"))
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY).POST(body).build())
                .path("id").asText();
    }

    public JsonNode create(String fileId) throws IOException, InterruptedException {
        String body = "{\"input_file_id\":\"" + fileId + "\",\"endpoint\":\"/v1/responses\","
                + "\"completion_window\":\"24h\"}";
        return send(HttpRequest.newBuilder(URI.create(base + "/batches"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public JsonNode batch(String batchId) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + "/batches/" + batchId)).GET().build());
    }

    /** Polls until the batch has ended (or the timeout passes); returns its last state. */
    public JsonNode awaitEnd(String batchId, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode batch = batch(batchId);
        while (!List.of("completed", "failed", "expired", "cancelled").contains(batch.path("status").asText())
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
            batch = batch(batchId);
        }
        return batch;
    }

    /** Downloads a file's content, counting its bytes and lines without keeping them. */
    public long[] downloadCounting(String fileId) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(base + "/files/" + fileId
                + "/content")).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        long bytes = 0;
        long lines = 0;
        try (InputStream in = response.body()) {
            byte[] buffer = new byte[64 * 1024];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                bytes += read;
                for (int i = 0; i < read; i++) {
                    lines += buffer[i] == '\n' ? 1 : 0;
                }
            }
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("download of " + fileId + " answered " + response.statusCode());
        }
        return new long[] {bytes, lines};
    }

    private JsonNode send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        return json.readTree(response.body());
    }

    private static InputStream open(Path file) {
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a batch input file of {@code lines} requests to the mock, each padded to about {@code lineBytes}. */
    public static Path writeInput(Path file, int lines, int lineBytes) throws IOException {
        String padding = "x".repeat(Math.max(0, lineBytes - 120));
        try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < lines; i++) {
                out.write("{\"custom_id\":\"line-" + i + "\",\"method\":\"POST\",\"url\":\"/v1/responses\","
                        + "\"body\":{\"model\":\"mock/echo\",\"input\":\"line " + i + " " + padding + "\"}}\n");
            }
        }
        return file;
    }
}
