package dev.ferry.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class BoundedShutdownTest {

    private final List<String> gaveUpOn = new ArrayList<>();

    @Test
    void shouldGiveUpOnAPartThatNeverFinishesClosingAndSayWhichOneItWas() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        BoundedShutdown shutdown = new BoundedShutdown(Duration.ofMillis(200), gaveUpOn::add);

        shutdown.close(never::await, () -> "the embedded Kafka broker");

        assertEquals(List.of("the embedded Kafka broker"), gaveUpOn);
    }

    @Test
    void shouldNotGiveUpOnAShutdownThatFinishes() throws Exception {
        List<String> closed = new ArrayList<>();
        BoundedShutdown shutdown = new BoundedShutdown(Duration.ofSeconds(30), gaveUpOn::add);

        shutdown.close(() -> closed.add("closed"), () -> "nothing");

        assertEquals(List.of("closed"), closed);
        assertEquals(List.of(), gaveUpOn);
    }
}
