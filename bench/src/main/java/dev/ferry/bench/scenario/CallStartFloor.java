package dev.ferry.bench.scenario;

import dev.ferry.bench.system.MockProbe;
import dev.ferry.mockprovider.MockProviderServer;
import dev.ferry.providers.ProviderHttpClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpMethod;

/**
 * The floor under the in-flight figure: Ferry's provider client alone (no Kafka, no job, no event), in the bench JVM,
 * starting calls to a mock of the same latency as fast as one thread per core can send them. With a provider of latency L, no
 * worker holds more calls in flight than it can start within L, so the most this client reaches is what any worker on
 * this machine could reach at best.
 */
final class CallStartFloor {

    /** The most calls in flight, and calls per second from the first send to the last answer. */
    record Peak(long maxInFlight, double callsPerSecond) {
    }

    private CallStartFloor() {
    }

    /** Starts {@code calls} calls on a fresh mock of {@code latency} and waits for them all. */
    static Peak measure(ScenarioContext context, Duration latency, int calls) throws Exception {
        try (MockProviderServer mock = context.env().startMock(latency);
                MockProbe probe = new MockProbe(mock.port(), context.env().mapper());
                ProviderHttpClient client = ProviderHttpClient.start()) {
            URI endpoint = URI.create(mock.baseUrl() + "/responses");
            CountDownLatch finished = new CountDownLatch(calls);
            long start = System.nanoTime();
            int senders = Runtime.getRuntime().availableProcessors();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < senders; t++) {
                int share = calls / senders + (t < calls % senders ? 1 : 0);
                Thread sender = new Thread(() -> {
                    for (int i = 0; i < share; i++) {
                        client.newRequest(endpoint).method(HttpMethod.POST)
                                .body(new StringRequestContent("application/json", SubmitScenario.BODY))
                                .send(result -> finished.countDown());
                    }
                }, "bench-floor-sender-" + t);
                sender.start();
                threads.add(sender);
            }
            for (Thread sender : threads) {
                sender.join();
            }
            if (!finished.await(latency.toMillis() + 120_000, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the floor's calls did not all finish");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Peak(probe.stats().maxInFlight(), calls / seconds);
        }
    }
}
