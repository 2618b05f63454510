package dev.ferry.app;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 as bytes on a socket, for inputs that {@link java.net.http.HttpClient} refuses to send: CR and LF inside
 * header values, obs-folds, non-ASCII header bytes, bodies sent slowly or never finished.
 */
final class RawHttp {

    /** A response as it came off the wire; header names keep their case, in order. */
    record Response(int status, List<Map.Entry<String, String>> headers, String body) {

        String header(String name) {
            return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                    .findFirst().orElse(null);
        }

        /** Every header line, as {@code name: value}, to look for echoed input. */
        String headerBlock() {
            StringBuilder block = new StringBuilder();
            headers.forEach(h -> block.append(h.getKey()).append(": ").append(h.getValue()).append('\n'));
            return block.toString();
        }
    }

    private RawHttp() {
    }

    /** Sends {@code request} as is on a new connection and reads one response. */
    static Response exchange(int port, byte[] request, Duration timeout) throws IOException {
        try (Socket socket = open(port, timeout)) {
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            return read(socket.getInputStream());
        }
    }

    /** {@link #exchange} for a request written as ISO-8859-1 text (CRLFs spelled out by the caller). */
    static Response exchange(int port, String request, Duration timeout) throws IOException {
        return exchange(port, request.getBytes(StandardCharsets.ISO_8859_1), timeout);
    }

    static Socket open(int port, Duration timeout) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout((int) timeout.toMillis());
        return socket;
    }

    /** Reads one response: status line, headers, and a body framed by Content-Length, chunks or the close. */
    static Response read(InputStream in) throws IOException {
        String head = readHead(in);
        String[] lines = head.split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x status line: " + lines[0]);
        }
        int status = Integer.parseInt(statusLine[1]);
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.add(Map.entry(lines[i].substring(0, colon), lines[i].substring(colon + 1).trim()));
            }
        }
        Response withoutBody = new Response(status, headers, "");
        byte[] body;
        String length = withoutBody.header("Content-Length");
        String encoding = withoutBody.header("Transfer-Encoding");
        if (length != null) {
            body = in.readNBytes(Integer.parseInt(length));
        } else if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            body = readChunks(in);
        } else {
            body = readToClose(in);
        }
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed after " + head.size() + " bytes of response head");
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static byte[] readChunks(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in);
            int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
            if (size == 0) {
                readLine(in);
                return body.toByteArray();
            }
            body.write(in.readNBytes(size));
            readLine(in);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    /** The rest of the body until the server closes; a reset after a complete head still counts as the end. */
    private static byte[] readToClose(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                body.write(buffer, 0, n);
            }
        } catch (java.net.SocketException reset) {
            // the response head was complete; what follows a close does not matter here
        }
        return body.toByteArray();
    }
}
