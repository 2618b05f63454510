package dev.ferry.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An upstream on a bare socket for one request: reads it, writes a scripted answer byte for byte, then either closes
 * the connection at once (an upstream that dies mid-stream) or stays silent until closed (one that stalls).
 */
public final class RawSseUpstream implements AutoCloseable {

    /** Response head of an SSE answer whose body ends when the connection closes. */
    public static final String SSE_HEAD_UNTIL_CLOSE =
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n";
    /** Response head of a chunked SSE answer; closing before the last chunk is a broken body. */
    public static final String SSE_HEAD_CHUNKED =
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";

    private final ServerSocket listener;
    private final Thread thread;
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile String requestBody;

    public RawSseUpstream(String answer, boolean holdOpen) throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        thread = new Thread(() -> serve(answer.getBytes(StandardCharsets.UTF_8), holdOpen), "raw-sse-upstream");
        thread.setDaemon(true);
        thread.start();
    }

    /** One chunk of a chunked body. */
    public static String chunk(String data) {
        int length = data.getBytes(StandardCharsets.UTF_8).length;
        return Integer.toHexString(length) + "\r\n" + data + "\r\n";
    }

    /** {@code http://127.0.0.1:port/v1}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/v1");
    }

    /**
     * Whether the exchange is still open on its side: true until it has closed the connection (at once when not told
     * to hold it open, else when closed or 30 s after answering).
     */
    public boolean connectionOpen() {
        return thread.isAlive();
    }

    /** The body of the request it answered, once it has. */
    public String requestBody() {
        return requestBody;
    }

    private void serve(byte[] answer, boolean holdOpen) {
        try (Socket socket = listener.accept()) {
            requestBody = readRequest(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            out.write(answer);
            out.flush();
            if (holdOpen) {
                released.await(30, TimeUnit.SECONDS);
            }
        } catch (IOException | InterruptedException ignored) {
            // the test ends the exchange either way
        }
    }

    private static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int next = in.read();
            if (next < 0) {
                throw new IOException("the connection closed before the request arrived");
            }
            head.write(next);
        }
        int length = 0;
        for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        released.countDown();
        listener.close();
    }
}
