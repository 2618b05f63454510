package dev.ferry.providers.openai;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A tiny upstream that records each request and answers with a fixed status, headers and body. */
final class CapturingServer implements AutoCloseable {

    record Captured(String method, URI uri, Headers headers, String body) {
    }

    private final HttpServer server;
    private final BlockingQueue<Captured> requests = new LinkedBlockingQueue<>();

    CapturingServer(int status, Map<String, String> headers, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.add(new Captured(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI(),
                    exchange.getRequestHeaders(),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    URI baseUrl(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    Captured next() throws InterruptedException {
        Captured captured = requests.poll(5, TimeUnit.SECONDS);
        if (captured == null) {
            throw new AssertionError("the upstream received no request");
        }
        return captured;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
