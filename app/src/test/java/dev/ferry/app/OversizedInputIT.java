package dev.ferry.app;

import static dev.ferry.app.BadInputFixture.HELLO;
import static dev.ferry.app.BadInputFixture.RAW_TIMEOUT;
import static dev.ferry.app.BadRequests.port;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Requests at and over Ferry's limits: bodies over 8 MiB (declared, sent, or chunked without end) get a 413 before
 * they are buffered, large bodies within it arrive whole however they are sent, and request heads over 8 KiB get a
 * 431; see {@link BadInputFixture} for what every bad-input IT checks besides.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OversizedInputIT {

    @RegisterExtension
    static final BadInputFixture inputs = new BadInputFixture();

    private static final int MIB = 1024 * 1024;

    @Test
    @Order(30)
    void shouldRefuseABodyWhoseDeclaredLengthIsOverTheLimitBeforeReadingIt() throws Exception {
        String head = "POST /openai/v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "x-bf-async: true\r\nContent-Length: " + 9 * MIB + "\r\n\r\n";
        try (Socket socket = RawHttp.open(port(inputs.open()), RAW_TIMEOUT)) {
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write("{\"model\":\"mock/echo\",\"input\":\"".getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();

            RawHttp.Response response =
                    inputs.seen("declared 9 MiB, body withheld", RawHttp.read(socket.getInputStream()));

            assertEquals(413, response.status(), response.body());
            assertEquals("payload_too_large", RunningFerry.JSON.readTree(response.body()).path("error")
                    .path("code").asText());
        }
    }

    @Test
    @Order(31)
    void shouldRefuseANineMebibyteBodySentWithItsLength() throws Exception {
        byte[] body = hugeRequest(9 * MIB);
        String head = "POST /openai/v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "x-bf-async: true\r\nContent-Length: " + body.length + "\r\n\r\n";

        RawHttp.Response response = inputs.seen("9 MiB with Content-Length", uploadWhileReading(head, out -> {
            for (int at = 0; at < body.length; at += 64 * 1024) {
                out.write(body, at, Math.min(64 * 1024, body.length - at));
            }
        }));

        assertEquals(413, response.status(), response.body());
    }

    /** The chunked body never ends: a server that buffered it whole before answering would never answer. */
    @Test
    @Order(32)
    void shouldRefuseAnEndlessChunkedBodyOnceItPassesTheLimit() throws Exception {
        String head = "POST /openai/v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "x-bf-async: true\r\nTransfer-Encoding: chunked\r\n\r\n";
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'a');
        byte[] size = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);

        RawHttp.Response response = inputs.seen("endless chunked", uploadWhileReading(head, out -> {
            for (int sent = 0; sent < 9 * MIB; sent += chunk.length) {
                out.write(size);
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
        }));

        assertEquals(413, response.status(), response.body());
    }

    /** A body far larger than the first array a body is read into, sent with its length in 64 KiB writes. */
    @Test
    @Order(33)
    void shouldReadAOneMebibyteBodySentWithItsLengthWhole() throws Exception {
        String input = numberedWords(MIB);
        byte[] body = echoRequest(input);
        String head = "POST /openai/v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n";

        RawHttp.Response response = inputs.seen("1 MiB with Content-Length", uploadWhileReading(head, out -> {
            for (int at = 0; at < body.length; at += 64 * 1024) {
                out.write(body, at, Math.min(64 * 1024, body.length - at));
            }
        }));

        assertEquals(200, response.status(), response.body());
        assertEquals("Echo: " + input, echoed(response));
    }

    /** A chunked body in uneven pieces: read without a declared length, it grows many times on the way. */
    @Test
    @Order(34)
    void shouldReadAOneMebibyteChunkedBodyWhole() throws Exception {
        String input = numberedWords(MIB);
        byte[] body = echoRequest(input);
        String head = "POST /openai/v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n";

        RawHttp.Response response = inputs.seen("1 MiB chunked", uploadWhileReading(head, out -> {
            int[] pieces = {1000, 7919};
            int at = 0;
            for (int n = 0; at < body.length; n++) {
                int length = Math.min(pieces[n % pieces.length], body.length - at);
                out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body, at, length);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                at += length;
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }));

        assertEquals(200, response.status(), response.body());
        assertEquals("Echo: " + input, echoed(response));
    }

    @Test
    @Order(70)
    void shouldAnswerASixteenKibibyteHeaderWith431() throws Exception {
        String request = "POST /openai/v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\nx-filler: "
                + "a".repeat(16 * 1024) + "\r\nx-bf-async: true\r\nContent-Length: " + HELLO.length() + "\r\n\r\n"
                + HELLO;

        assertEquals(431, inputs.exchange("16 KiB header", inputs.open(), request).status());
    }

    @Test
    @Order(71)
    void shouldAnswerManySmallHeadersAddingUpPastTheLimitWith431() throws Exception {
        StringBuilder request = new StringBuilder("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (int i = 0; i < 1000; i++) {
            request.append("x-h").append(i).append(": ").append("v".repeat(20)).append("\r\n");
        }
        request.append("\r\n");

        assertEquals(431, inputs.exchange("1000 headers", inputs.open(), request.toString())
                .status());
    }

    /** A valid request whose input string makes it {@code size} bytes long. */
    private static byte[] hugeRequest(int size) {
        String prefix = "{\"model\":\"mock/echo\",\"input\":\"";
        String suffix = "\"}";
        return (prefix + "a".repeat(size - prefix.length() - suffix.length()) + suffix)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Words that each say where they stand ({@code w0 w1 w2 …}), about {@code size} bytes: a lost, repeated or
     * shuffled piece of the body changes the text. */
    private static String numberedWords(int size) {
        StringBuilder words = new StringBuilder(size + 16);
        for (int i = 0; words.length() < size; i++) {
            words.append('w').append(i).append(' ');
        }
        return words.toString();
    }

    private static byte[] echoRequest(String input) throws IOException {
        return RunningFerry.JSON.writeValueAsBytes(Map.of("model", "mock/echo", "input", input));
    }

    /** The text of the mock's answer, which echoes the input. */
    private static String echoed(RawHttp.Response response) throws IOException {
        return RunningFerry.JSON.readTree(response.body()).path("output").path(0).path("content").path(0)
                .path("text").asText();
    }

    private interface Upload {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code head} then the body from another thread while this one reads the response, as a client that
     * streams a large upload does; a server that answers early and hangs up only ends the writer.
     */
    private static RawHttp.Response uploadWhileReading(String head, Upload body) throws Exception {
        try (Socket socket = RawHttp.open(port(inputs.open()), RAW_TIMEOUT)) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    out.write(head.getBytes(StandardCharsets.US_ASCII));
                    body.writeTo(out);
                    out.flush();
                } catch (IOException hungUp) {
                    // the server answered and closed before the upload ended
                }
            });
            try {
                return RawHttp.read(in);
            } finally {
                writer.cancel(true);
            }
        }
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void shouldHaveCompletedEveryAcceptedJobAndAnsweredNoBadInputWithA5xx() {
        inputs.assertNoServerErrorAndEveryAcceptedJobCompleted();
    }
}
