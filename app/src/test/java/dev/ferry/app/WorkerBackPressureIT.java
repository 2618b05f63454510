package dev.ferry.app;

import static dev.ferry.app.RunningFerry.json;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.core.config.MockProviderSettings;
import dev.ferry.core.serde.Json;
import dev.ferry.embeddedkafka.EmbeddedKafkaBroker;
import dev.ferry.providers.mock.MockProviderServer;
import dev.ferry.testsupport.Http;
import dev.ferry.testsupport.KafkaBrokerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The worker keeps many calls in flight but never more than its cap, and finishes every job. */
@ExtendWith(KafkaBrokerExtension.class)
class WorkerBackPressureIT {

    private static List<String> submitConcurrently(RunningFerry ferry, int jobs) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> submits = new ArrayList<>();
            for (int i = 0; i < jobs; i++) {
                String body = "{\"model\":\"mock/echo\",\"input\":\"job " + i + "\"}";
                submits.add(clients.submit(() -> ferry.submit(body, Map.of()).header("x-bf-async-id")));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> submit : submits) {
                ids.add(submit.get());
            }
            return ids;
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void shouldNeverHaveMoreCallsInFlightThanTheCapAndStillFinishEveryJob(
            EmbeddedKafkaBroker kafka, @TempDir Path stateDir) throws Exception {
        int cap = 40;
        int jobs = 200;
        try (MockProviderServer mock = new MockProviderServer(
                        new MockProviderSettings("127.0.0.1", 0, Duration.ofMillis(500), 0.0), Json.newMapper(),
                        new Random(1)).start()) {
            Map<String, String> env = new java.util.HashMap<>(
                    RunningFerry.environment(kafka, mock.baseUrl(), stateDir));
            env.put("FERRY_WORKER_MAX_IN_FLIGHT", Integer.toString(cap));
            try (RunningFerry ferry = RunningFerry.start(env)) {
                List<String> ids = submitConcurrently(ferry, jobs);
                String stats = "http://127.0.0.1:" + mock.port() + "/mock/stats";
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                        .until(() -> json(Http.get(stats)).path("completed").asLong() >= jobs);

                long maxInFlight = json(Http.get(stats)).path("max_in_flight").asLong();
                assertTrue(maxInFlight <= cap, "max in flight " + maxInFlight + " exceeds the cap " + cap);
                assertTrue(maxInFlight >= cap / 2, "calls ran concurrently, max in flight was " + maxInFlight);
                for (String id : ids) {
                    await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                            .until(() -> "completed".equals(json(ferry.poll(id)).path("status").asText()));
                }
                assertEquals(jobs, json(Http.get(stats)).path("completed").asLong(), "each job called once");
            }
        }
    }
}
