package dev.ferry.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class UniqueNamesTest {

    @Test
    void shouldGiveADifferentNameWithTheSamePrefixOnEveryCall() {
        String first = UniqueNames.topic("jobs");
        String second = UniqueNames.topic("jobs");

        assertNotEquals(first, second);
        assertTrue(first.matches("jobs-[0-9a-f]{12}"), first);
        assertTrue(UniqueNames.group("worker").startsWith("worker-"));
    }

    /** Binding port 0 would also succeed, on whatever port the system chose: the port bound must be the one picked. */
    @Test
    void shouldPickAPortThatCanBeBoundOnLoopback() throws IOException {
        int port = FreePorts.pick();

        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            assertEquals(port, socket.getLocalPort());
        }
    }
}
