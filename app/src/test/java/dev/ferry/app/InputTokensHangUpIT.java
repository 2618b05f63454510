package dev.ferry.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.core.config.MockProviderSettings;
import dev.ferry.core.serde.Json;
import dev.ferry.embeddedkafka.KafkaBroker;
import dev.ferry.ingress.tokens.TokenCountingPool;
import dev.ferry.mockprovider.MockProviderServer;
import dev.ferry.testsupport.KafkaBrokerExtension;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that hangs up while its input tokens are being counted stops the count: the node's token-counting pool
 * reports the count abandoned, never completed. Nothing is written to the client first; Ferry notices the closed
 * connection between chunks of text.
 */
@ExtendWith(KafkaBrokerExtension.class)
class InputTokensHangUpIT {

    private static final String HUGE = "{\"model\":\"openai/gpt-4o\",\"input\":\"" + " ".repeat(8_000_000) + "\"}";

    private static MockProviderServer mock;
    private static RunningFerry ferry;

    @BeforeAll
    static void startFerry(KafkaBroker broker, @TempDir Path stateDir) throws Exception {
        mock = new MockProviderServer(new MockProviderSettings("127.0.0.1", 0, Duration.ZERO, 0.0),
                Json.newMapper(), new Random(14)).start();
        ferry = RunningFerry.start(RunningFerry.environment(broker, mock.baseUrl(), stateDir));
    }

    @AfterAll
    static void stopFerry() {
        if (ferry != null) {
            ferry.close();
        }
        if (mock != null) {
            mock.close();
        }
    }

    @Test
    void shouldStopCountingOnceTheClientHangsUp() throws Exception {
        byte[] body = HUGE.getBytes(StandardCharsets.UTF_8);
        String head = "POST /openai/v1/responses/input_tokens HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
        try (Socket socket = RawHttp.open(URI.create(ferry.url("/")).getPort(), Duration.ofSeconds(30))) {
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
                    .until(() -> ferry.tokenCounting().running() == 1);
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> ferry.tokenCounting().abandoned() == 1);
        TokenCountingPool.Stats stats = ferry.tokenCounting();
        assertEquals(0, stats.running());
        assertEquals(0, stats.completed(), "the count ran to its end although the client had gone");
    }
}
