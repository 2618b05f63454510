package dev.ferry.providers.openai;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Cuts the bytes of a server-sent-events body into lines as they arrive in chunks of any size: a line ends at
 * {@code \n}, {@code \r\n} or {@code \r} (also when the two bytes of {@code \r\n} arrive in different chunks) and is
 * decoded as UTF-8 once it is whole. Not thread-safe; one instance reads one body.
 */
final class SseLineSplitter {

    private byte[] bytes = new byte[1024];
    private int start;
    private int scanned;
    private int end;
    private boolean afterCarriageReturn;

    /** Takes the next chunk of the body; its bytes are copied, so the chunk may be released afterwards. */
    void feed(ByteBuffer chunk) {
        int length = chunk.remaining();
        if (start > 0) {
            System.arraycopy(bytes, start, bytes, 0, end - start);
            end -= start;
            scanned -= start;
            start = 0;
        }
        if (end + length > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, end + length));
        }
        chunk.get(bytes, end, length);
        end += length;
    }

    /** The next whole line without its line break, or null when the bytes fed so far hold none. */
    String next() {
        while (scanned < end) {
            byte current = bytes[scanned++];
            if (afterCarriageReturn) {
                afterCarriageReturn = false;
                if (current == '\n') {
                    start = scanned;
                    continue;
                }
            }
            if (current == '\n' || current == '\r') {
                String line = new String(bytes, start, scanned - 1 - start, StandardCharsets.UTF_8);
                start = scanned;
                afterCarriageReturn = current == '\r';
                return line;
            }
        }
        return null;
    }

    /** At the end of the body: the last line when no line break ended it, else null. */
    String rest() {
        if (start == end) {
            return null;
        }
        String line = new String(bytes, start, end - start, StandardCharsets.UTF_8);
        start = end;
        scanned = end;
        return line;
    }
}
