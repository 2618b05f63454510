package dev.ferry.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.testsupport.Http;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code sdk-tests/openai-node/webhook-receiver.mjs} in a Node process of its own: a webhook receiver that verifies
 * every delivery with the official {@code openai} package's {@code webhooks.unwrap}. Tests read what it received.
 */
final class NodeWebhookReceiver implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on (\\d+)");

    private final Process process;
    private final int port;

    private NodeWebhookReceiver(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static NodeWebhookReceiver start(String secret) throws Exception {
        NodePackage openaiNode = new NodePackage("openai-node");
        String node = openaiNode.node();
        openaiNode.installDependenciesIfMissing();
        ProcessBuilder builder = new ProcessBuilder(node, "webhook-receiver.mjs")
                .directory(openaiNode.directory().toFile())
                .redirectErrorStream(true);
        builder.environment().put("WEBHOOK_SECRET", secret);
        Process process = builder.start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    System.out.println("[webhook-receiver] " + line);
                    Matcher listening = LISTENING.matcher(line);
                    if (listening.find()) {
                        port.complete(Integer.parseInt(listening.group(1)));
                    }
                }
            } catch (IOException e) {
                port.completeExceptionally(e);
            }
            port.completeExceptionally(new IllegalStateException("the webhook receiver exited before listening"));
        }, "webhook-receiver-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new NodeWebhookReceiver(process, port.get(30, TimeUnit.SECONDS));
        } catch (Exception e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** The URL of endpoint {@code name}. */
    String url(String name) {
        return "http://127.0.0.1:" + port + "/hooks/" + name;
    }

    /** Makes endpoint {@code name} answer {@code status} (with {@code Retry-After}) to the first attempts of each id. */
    void failFirst(String name, int attempts, int status, String retryAfter) {
        String control = "{\"name\":\"" + name + "\",\"failFirst\":" + attempts + ",\"status\":" + status
                + ",\"retryAfter\":\"" + retryAfter + "\"}";
        Http.post("http://127.0.0.1:" + port + "/control", control);
    }

    /** Every delivery received so far, in order. */
    List<JsonNode> deliveries() {
        List<JsonNode> all = new ArrayList<>();
        json("/deliveries").forEach(all::add);
        return all;
    }

    /** The deliveries to endpoint {@code name} whose event is about {@code dataId}. */
    List<JsonNode> deliveries(String name, String dataId) {
        return deliveries().stream().filter(d -> d.path("endpoint").asText().equals(name)
                && d.path("data_id").asText().equals(dataId)).toList();
    }

    /** What unwrap said of the first verified delivery when it was changed, re-signed or replayed late. */
    JsonNode probes() {
        return json("/probes");
    }

    private JsonNode json(String path) {
        try {
            return RunningFerry.JSON.readTree(Http.get("http://127.0.0.1:" + port + path, Map.of()).body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
