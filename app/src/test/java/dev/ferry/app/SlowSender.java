package dev.ferry.app;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A slowloris client: writes a request head at once, then its body one byte a second on a thread of its own, and
 * counts the body bytes written, so that a test can tell how far the body had got when something happened.
 */
final class SlowSender implements AutoCloseable {

    private final AtomicInteger sent = new AtomicInteger();
    private final Thread thread;

    private SlowSender(OutputStream out, byte[] body) {
        this.thread = new Thread(() -> dribble(out, body), "slow-client");
        this.thread.setDaemon(true);
    }

    static SlowSender start(OutputStream out, String head, byte[] body) throws IOException {
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        SlowSender sender = new SlowSender(out, body);
        sender.thread.start();
        return sender;
    }

    private void dribble(OutputStream out, byte[] body) {
        try {
            for (byte b : body) {
                out.write(b);
                out.flush();
                sent.incrementAndGet();
                TimeUnit.SECONDS.sleep(1);
            }
        } catch (IOException | InterruptedException cutOff) {
            // the server hung up, or the test is over
        }
    }

    /** Body bytes written so far. */
    int sent() {
        return sent.get();
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
