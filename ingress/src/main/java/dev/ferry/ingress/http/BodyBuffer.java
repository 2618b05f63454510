package dev.ferry.ingress.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The bytes of one request body as they arrive, read straight into one array. A body that declares its length gets an
 * array of exactly that length (up to {@link #LARGEST_FIRST_ARRAY}), so a typical request is read without a copy or a
 * spare buffer; a chunked body starts at {@link #FIRST_ARRAY_OF_UNKNOWN_LENGTH}, a longer declared one at the largest
 * first array, and both double as bytes come. The array grows only when full and never past one byte over the limit,
 * which is enough to tell that a body is too large; a client that declares a large body and sends nothing holds at
 * most the first array.
 */
final class BodyBuffer {

    static final int LARGEST_FIRST_ARRAY = 64 * 1024;
    static final int FIRST_ARRAY_OF_UNKNOWN_LENGTH = 8 * 1024;
    /** What an array that was sized for an empty body grows to when bytes come anyway. */
    private static final long SMALLEST_GROWN_ARRAY = 1024;

    private final int capacityLimit;
    private byte[] bytes;
    private int size;

    /**
     * @param declaredLength the body's {@code Content-Length}, or a negative number when it has none
     * @param maxBytes the most bytes a body may have, below {@link Integer#MAX_VALUE}
     */
    BodyBuffer(long declaredLength, int maxBytes) {
        this.capacityLimit = maxBytes + 1;
        long first = declaredLength >= 0 ? Math.min(declaredLength, LARGEST_FIRST_ARRAY) : FIRST_ARRAY_OF_UNKNOWN_LENGTH;
        this.bytes = new byte[(int) Math.min(first, capacityLimit)];
    }

    /**
     * Reads what {@code in} has into the free end of the array. A full array grows only once a further byte has come,
     * so a body that filled its declared length is not copied on the way to the end of the stream.
     *
     * @return the bytes read, or -1 at the end of the body
     */
    int readFrom(InputStream in) throws IOException {
        if (size == bytes.length) {
            int next = in.read();
            if (next < 0) {
                return -1;
            }
            bytes = Arrays.copyOf(bytes, (int) Math.min(capacityLimit, Math.max(SMALLEST_GROWN_ARRAY, 2L * bytes.length)));
            bytes[size++] = (byte) next;
            return 1;
        }
        int read = in.read(bytes, size, bytes.length - size);
        if (read > 0) {
            size += read;
        }
        return read;
    }

    int size() {
        return size;
    }

    int capacity() {
        return bytes.length;
    }

    /** The body: the array itself when it holds exactly the body, which is the usual case. */
    byte[] toByteArray() {
        return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    }
}
