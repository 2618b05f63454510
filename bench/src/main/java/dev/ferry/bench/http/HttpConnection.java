package dev.ferry.bench.http;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection with a blocking socket: the cheapest client there is, so that on a two-core machine
 * the load generator takes as little CPU from the server under test as possible. It writes pre-encoded requests and
 * reads a response with a {@code Content-Length} or chunked body. Not thread-safe: one per load-generator thread.
 * After an I/O error it closes the socket and the next request reconnects.
 */
public final class HttpConnection implements AutoCloseable {

    private static final int READ_TIMEOUT_MS = 30_000;
    private static final int MAX_LINE = 16 * 1024;

    private final String host;
    private final int port;
    private final byte[] buffer = new byte[16 * 1024];
    private final StringBuilder line = new StringBuilder(128);
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private int position;
    private int limit;

    public HttpConnection(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** The {@code Host} header value requests on this connection carry. */
    public String authority() {
        return host + ":" + port;
    }

    /**
     * Sends one request and reads its response.
     *
     * @param request the whole request: request line, headers, blank line and body
     * @param wantedHeader a response header to capture (lower case), or null
     */
    public HttpResponse exchange(byte[] request, String wantedHeader) throws IOException {
        try {
            ensureOpen();
            out.write(request);
            return readResponse(wantedHeader);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void ensureOpen() throws IOException {
        if (socket != null) {
            return;
        }
        Socket opened = new Socket();
        opened.setTcpNoDelay(true);
        opened.setSoTimeout(READ_TIMEOUT_MS);
        opened.connect(new InetSocketAddress(host, port), READ_TIMEOUT_MS);
        socket = opened;
        in = opened.getInputStream();
        out = opened.getOutputStream();
        position = 0;
        limit = 0;
    }

    private HttpResponse readResponse(String wantedHeader) throws IOException {
        String statusLine = readLine();
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
            throw new IOException("not an HTTP/1.x status line: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long contentLength = -1;
        boolean chunked = false;
        boolean closeAfter = false;
        String wantedValue = null;
        for (String header = readLine(); !header.isEmpty(); header = readLine()) {
            int colon = header.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> contentLength = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> closeAfter = value.equalsIgnoreCase("close");
                default -> {
                    if (name.equals(wantedHeader)) {
                        wantedValue = value;
                    }
                }
            }
        }
        byte[] body;
        if (chunked) {
            body = readChunked();
        } else if (contentLength >= 0) {
            body = readExactly(contentLength);
        } else if (status == 204 || status == 304) {
            body = new byte[0];
        } else {
            body = readToEnd();
            closeAfter = true;
        }
        if (closeAfter) {
            close();
        }
        return new HttpResponse(status, wantedValue, body);
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine();
            int semicolon = sizeLine.indexOf(';');
            long size = Long.parseLong((semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim(), 16);
            if (size == 0) {
                while (!readLine().isEmpty()) {
                    // trailers are ignored
                }
                return body.toByteArray();
            }
            body.write(readExactly(size));
            readLine();
        }
    }

    private byte[] readExactly(long length) throws IOException {
        if (length > Integer.MAX_VALUE) {
            throw new IOException("a response body of " + length + " bytes is too large");
        }
        byte[] bytes = new byte[(int) length];
        int copied = 0;
        while (copied < bytes.length) {
            if (position == limit && !fill()) {
                throw new EOFException("the connection closed in the middle of a response body");
            }
            int n = Math.min(limit - position, bytes.length - copied);
            System.arraycopy(buffer, position, bytes, copied, n);
            position += n;
            copied += n;
        }
        return bytes;
    }

    private byte[] readToEnd() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (position < limit || fill()) {
            body.write(buffer, position, limit - position);
            position = limit;
        }
        return body.toByteArray();
    }

    private String readLine() throws IOException {
        line.setLength(0);
        while (true) {
            if (position == limit && !fill()) {
                throw new EOFException("the connection closed before the response ended");
            }
            byte b = buffer[position++];
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            if (line.length() >= MAX_LINE) {
                throw new IOException("a response line is longer than " + MAX_LINE + " bytes");
            }
            line.append((char) (b & 0xff));
        }
    }

    /** Reads more bytes into the empty buffer; false at the end of the stream. */
    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    /** Encodes a request with a JSON body (possibly empty) and extra headers given as name, value pairs. */
    public static byte[] request(String method, String path, String authority, String jsonBody, String... headers) {
        byte[] body = jsonBody.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(256)
                .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(authority).append("\r\n");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        if (!method.equals("GET") || body.length > 0) {
            head.append("Content-Type: application/json\r\n").append("Content-Length: ").append(body.length)
                    .append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }

    @Override
    public void close() {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do: the connection is gone either way
        } finally {
            socket = null;
            in = null;
            out = null;
        }
    }
}
