package dev.ferry.providers.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.config.ProviderEndpoint;
import dev.ferry.core.serde.Json;
import dev.ferry.providers.ProviderHttpClient;
import dev.ferry.providers.ProviderOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Uses a bare socket as the upstream, so the test can see exactly when the client drops the connection. */
class OpenAiCompatibleProviderAbortTest {

    private final ObjectMapper mapper = Json.newMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ProviderHttpClient providerHttp = ProviderHttpClient.start();

    @AfterEach
    void closeProviderHttp() throws Exception {
        providerHttp.close();
    }
    private ServerSocket listener;
    private OpenAiCompatibleProvider provider;

    @BeforeEach
    void listen() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        listener.setSoTimeout(5_000);
        provider = new OpenAiCompatibleProvider(
                ProviderEndpoint.openAiCompatible(
                        "raw", URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/v1"), Optional.empty()),
                providerHttp,
                mapper);
    }

    @AfterEach
    void close() throws IOException {
        listener.close();
    }

    private ObjectNode request() {
        ObjectNode request = mapper.createObjectNode();
        request.put("model", "m");
        request.put("input", "hi");
        return request;
    }

    @Test
    void shouldAbortTheHttpExchangeWhenTheFutureIsCancelled() throws Exception {
        CompletableFuture<ProviderOutcome> call = provider.createResponse("m", request(), Duration.ofSeconds(30));
        try (Socket socket = listener.accept()) {
            readRequestHead(socket.getInputStream());

            assertTrue(call.cancel(true));

            assertClosedByClient(socket);
        }
    }

    @Test
    void shouldGiveUpOnABodyThatNeverFinishes() throws Exception {
        CompletableFuture<ProviderOutcome> call = provider.createResponse("m", request(), Duration.ofMillis(300));
        try (Socket socket = listener.accept()) {
            readRequestHead(socket.getInputStream());
            socket.getOutputStream().write(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"
                            .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();

            ProviderOutcome.Failure failure =
                    assertInstanceOf(ProviderOutcome.Failure.class, call.get(5, TimeUnit.SECONDS));

            assertEquals(504, failure.error().httpStatus());
            assertTrue(failure.retryable());
            assertClosedByClient(socket);
        }
    }

    private static void readRequestHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int next = in.read();
            if (next < 0) {
                throw new AssertionError("the connection closed before the request arrived");
            }
            head.append((char) next);
        }
    }

    /** Reads until the client closes its end; fails if the connection is still open after five seconds. */
    private static void assertClosedByClient(Socket socket) throws IOException {
        socket.setSoTimeout(5_000);
        byte[] buffer = new byte[8192];
        try {
            while (socket.getInputStream().read(buffer) >= 0) {
                // the request body, if it had not been read yet
            }
        } catch (SocketTimeoutException stillOpen) {
            throw new AssertionError("the client kept the connection open", stillOpen);
        } catch (SocketException reset) {
            // a reset also means the client dropped the connection
        }
    }
}
