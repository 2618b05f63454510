package dev.ferry.batch.files;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Splits a stream of JSON Lines into lines as they are read, holding one line at a time: a line longer than the limit
 * is reported as too long and skipped to its end without being kept. {@code \r\n} ends a line too; blank lines are
 * reported (with their number) so that line numbers stay those of the file.
 */
public final class JsonLines implements Iterator<JsonLines.Line> {

    /** One line: its 1-based number in the file, and its bytes (null when it was too long). */
    public record Line(int number, byte[] bytes) {

        public boolean tooLong() {
            return bytes == null;
        }

        public boolean blank() {
            if (bytes == null) {
                return false;
            }
            for (byte b : bytes) {
                if (b != ' ' && b != '\t' && b != '\r') {
                    return false;
                }
            }
            return true;
        }
    }

    private static final int BUFFER = 64 * 1024;

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[BUFFER];
    private final ByteArrayOutputStream current = new ByteArrayOutputStream();
    private int position;
    private int limit;
    private boolean ended;
    private int number;
    private Line next;

    public JsonLines(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    public boolean hasNext() {
        if (next == null && !ended) {
            next = readLine();
        }
        return next != null;
    }

    @Override
    public Line next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Line line = next;
        next = null;
        return line;
    }

    private Line readLine() {
        current.reset();
        boolean tooLong = false;
        boolean sawAny = false;
        while (true) {
            if (position == limit && !fill()) {
                ended = true;
                if (!sawAny) {
                    return null;
                }
                return line(tooLong);
            }
            sawAny = true;
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            if (!tooLong) {
                current.write(buffer, start, position - start);
                if (current.size() > maxLineBytes) {
                    tooLong = true;
                    current.reset();
                }
            }
            if (position < limit) {
                position++;
                return line(tooLong);
            }
        }
    }

    private Line line(boolean tooLong) {
        number++;
        if (tooLong) {
            return new Line(number, null);
        }
        byte[] bytes = current.toByteArray();
        int length = bytes.length;
        if (length > 0 && bytes[length - 1] == '\r') {
            bytes = java.util.Arrays.copyOf(bytes, length - 1);
        }
        return new Line(number, bytes);
    }

    private boolean fill() {
        try {
            int read = in.read(buffer);
            while (read == 0) {
                read = in.read(buffer);
            }
            if (read < 0) {
                return false;
            }
            position = 0;
            limit = read;
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
