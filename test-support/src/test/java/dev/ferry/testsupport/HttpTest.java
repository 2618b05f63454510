package dev.ferry.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpTest {

    private HttpServer server;
    private String baseUrl;

    @BeforeEach
    void startEchoServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/echo", exchange -> {
            byte[] body = (exchange.getRequestMethod() + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type") + " "
                    + exchange.getRequestHeaders().getFirst("X-Test") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("X-Echo", "yes");
            exchange.sendResponseHeaders(201, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void shouldPostJsonAndReturnStatusHeadersAndBody() {
        HttpResult result = Http.post(baseUrl + "/echo", "{\"a\":1}", Map.of("X-Test", "1"));

        assertEquals(201, result.status());
        assertEquals("POST application/json 1 {\"a\":1}", result.body());
        assertEquals("yes", result.header("x-echo"));
        assertNull(result.header("X-Missing"));
    }

    @Test
    void shouldGetWithHeaders() {
        HttpResult result = Http.get(baseUrl + "/echo", Map.of("X-Test", "2"));

        assertEquals(201, result.status());
        assertEquals("GET null 2 ", result.body());
    }

}
