package dev.ferry.bench.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The load generator's HTTP client reads both body framings and keeps one connection alive across requests. */
class HttpConnectionTest {

    /**
     * Answers every request with the next canned response, on as many connections as the client opens, each served by
     * a thread of its own, and counts the connections.
     */
    private static final class CannedServer implements AutoCloseable {

        private final ServerSocket server;
        private final Queue<String> responses;
        private final AtomicInteger connections = new AtomicInteger();

        CannedServer(List<String> responses) throws IOException {
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            this.responses = new ConcurrentLinkedQueue<>(responses);
            daemon(this::acceptAll);
        }

        int port() {
            return server.getLocalPort();
        }

        int connections() {
            return connections.get();
        }

        private void acceptAll() {
            try {
                while (true) {
                    Socket socket = server.accept();
                    connections.incrementAndGet();
                    daemon(() -> answer(socket));
                }
            } catch (IOException closed) {
                // the test is over
            }
        }

        private void answer(Socket socket) {
            try (socket) {
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                while (readRequestHead(in)) {
                    String response = responses.poll();
                    if (response == null) {
                        return;
                    }
                    out.write(response.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (IOException gone) {
                // the client closed the connection
            }
        }

        private static void daemon(Runnable task) {
            Thread thread = new Thread(task, "canned-server");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    /** Reads one request head; false if the connection closed before one began. */
    private static boolean readRequestHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return false;
            }
            head.write(b);
        }
        return true;
    }

    @Test
    void shouldReadContentLengthAndChunkedBodiesOnOneKeepAliveConnection() throws Exception {
        try (CannedServer server = new CannedServer(List.of(
                "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Bf-Async-Id: abc\r\n\r\n{}",
                "HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\n{\"a\r\n2\r\n\"}\r\n0\r\n\r\n"))) {
            try (HttpConnection connection = new HttpConnection("127.0.0.1", server.port())) {
                byte[] request = HttpConnection.request("GET", "/hello", connection.authority(), "");

                HttpResponse first = connection.exchange(request, "x-bf-async-id");
                HttpResponse second = connection.exchange(request, "x-bf-async-id");

                assertEquals(200, first.status());
                assertEquals("abc", first.header());
                assertEquals("{}", first.bodyText());
                assertEquals(404, second.status());
                assertNull(second.header());
                assertEquals("{\"a\"}", second.bodyText());
            }
            assertEquals(1, server.connections(), "both requests went over one connection");
        }
    }

    @Test
    void shouldEncodeAJsonBodyWithItsLengthAndTheExtraHeaders() {
        String request = new String(HttpConnection.request("POST", "/openai/v1/responses", "127.0.0.1:80", "{\"é\":1}",
                "x-bf-async", "true"), StandardCharsets.UTF_8);

        assertEquals("POST /openai/v1/responses HTTP/1.1\r\nHost: 127.0.0.1:80\r\nx-bf-async: true\r\n"
                + "Content-Type: application/json\r\nContent-Length: 8\r\n\r\n{\"é\":1}", request);
    }
}
