package dev.ferry.ingress.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** How a body's bytes are gathered: sized from the declared length, grown for a chunked body, stopped past the limit. */
class BodyBufferTest {

    @Test
    void shouldReadABodyOfDeclaredLengthIntoOneArrayOfThatLength() throws IOException {
        byte[] body = randomBytes(300);
        BodyBuffer buffer = new BodyBuffer(body.length, 1024);

        readAll(buffer, new TrickleStream(body, 7));

        assertEquals(300, buffer.capacity());
        byte[] read = buffer.toByteArray();
        assertArrayEquals(body, read);
        assertSame(read, buffer.toByteArray(), "a body that fills its array is handed over without a copy");
    }

    @Test
    void shouldGrowForABodyWithoutDeclaredLength() throws IOException {
        byte[] body = randomBytes(3 * BodyBuffer.FIRST_ARRAY_OF_UNKNOWN_LENGTH + 5);
        BodyBuffer buffer = new BodyBuffer(-1, 1024 * 1024);

        readAll(buffer, new TrickleStream(body, 1000));

        assertArrayEquals(body, buffer.toByteArray());
        assertEquals(4 * BodyBuffer.FIRST_ARRAY_OF_UNKNOWN_LENGTH, buffer.capacity());
    }

    @Test
    void shouldNotAllocateALargeDeclaredLengthBeforeItsBytesArrive() throws IOException {
        BodyBuffer buffer = new BodyBuffer(50_000_000, 100_000_000);

        assertEquals(BodyBuffer.LARGEST_FIRST_ARRAY, buffer.capacity());
        byte[] body = randomBytes(BodyBuffer.LARGEST_FIRST_ARRAY + 1);
        readAll(buffer, new TrickleStream(body, 4096));
        assertArrayEquals(body, buffer.toByteArray());
    }

    @Test
    void shouldStopGrowingOneByteOverTheLimit() throws IOException {
        BodyBuffer buffer = new BodyBuffer(-1, 10_000);
        InputStream endless = new TrickleStream(randomBytes(1_000_000), 3000);

        while (buffer.size() <= 10_000) {
            buffer.readFrom(endless);
        }

        assertEquals(10_001, buffer.size());
        assertEquals(10_001, buffer.capacity());
    }

    @Test
    void shouldGrowAnEmptyDeclaredBodyWhenBytesComeAnyway() throws IOException {
        BodyBuffer buffer = new BodyBuffer(0, 1024);

        readAll(buffer, new TrickleStream(new byte[] {1, 2, 3}, 3));

        assertArrayEquals(new byte[] {1, 2, 3}, buffer.toByteArray());
    }

    private static void readAll(BodyBuffer buffer, InputStream in) throws IOException {
        while (buffer.readFrom(in) >= 0) {
            // keep reading
        }
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }

    /** Hands out at most {@code step} bytes per read, as a network does. */
    private static final class TrickleStream extends ByteArrayInputStream {
        private final int step;

        TrickleStream(byte[] bytes, int step) {
            super(bytes);
            this.step = step;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, step));
        }
    }
}
