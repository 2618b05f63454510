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
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The load generator's HTTP client reads both body framings and keeps one connection alive across requests. */
class HttpConnectionTest {

    /** Answers each request on one connection with the next canned response, then closes. */
    private static CompletableFuture<Integer> serve(ServerSocket server, List<String> responses) {
        return CompletableFuture.supplyAsync(() -> {
            int connections = 0;
            try (Socket socket = server.accept()) {
                connections++;
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                for (String response : responses) {
                    readRequestHead(in);
                    out.write(response.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
            return connections;
        });
    }

    private static void readRequestHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed");
            }
            head.write(b);
        }
    }

    @Test
    void shouldReadContentLengthAndChunkedBodiesOnOneKeepAliveConnection() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Integer> served = serve(server, List.of(
                    "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Bf-Async-Id: abc\r\n\r\n{}",
                    "HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\n{\"a\r\n2\r\n\"}\r\n0\r\n\r\n"));
            try (HttpConnection connection = new HttpConnection("127.0.0.1", server.getLocalPort())) {
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
            assertEquals(1, served.get(), "both requests went over one connection");
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
