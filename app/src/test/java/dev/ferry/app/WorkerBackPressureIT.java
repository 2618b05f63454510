package dev.ferry.app;

import static dev.ferry.app.RunningFerry.json;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.core.config.MockProviderSettings;
import dev.ferry.core.serde.Json;
import dev.ferry.embeddedkafka.KafkaBroker;
import dev.ferry.mockprovider.MockProviderServer;
import dev.ferry.testsupport.Http;
import dev.ferry.testsupport.KafkaBrokerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The worker fills its cap of calls in flight but never passes it, and finishes every job. */
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

    /**
     * Every job waits in Kafka before the worker starts, so its first polls can fill the cap at once, and each call
     * takes 3 s, so none of those calls has ended when the cap is reached. The mock's most calls in flight must then
     * be the cap exactly: reached (the calls ran side by side) and never passed. Counters, not timings, decide.
     */
    @Test
    void shouldFillButNeverPassTheCapOfCallsInFlightAndStillFinishEveryJob(
            KafkaBroker kafka, @TempDir Path stateDir) throws Exception {
        int cap = 40;
        int jobs = 2 * cap;
        try (MockProviderServer mock = new MockProviderServer(
                        new MockProviderSettings("127.0.0.1", 0, Duration.ofSeconds(3), 0.0), Json.newMapper(),
                        new Random(1)).start()) {
            Map<String, String> env = new java.util.HashMap<>(
                    RunningFerry.environment(kafka, mock.baseUrl(), stateDir));
            env.put("FERRY_WORKER_MAX_IN_FLIGHT", Integer.toString(cap));
            try (RunningFerry ingress = RunningFerry.start(env, EnumSet.of(Role.INGRESS))) {
                List<String> ids = submitConcurrently(ingress, jobs);
                String stats = "http://127.0.0.1:" + mock.port() + "/mock/stats";
                try (RunningFerry worker = RunningFerry.start(env, EnumSet.of(Role.WORKER))) {
                    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                            .until(() -> json(Http.get(stats)).path("completed").asLong() >= jobs);
                }

                assertEquals(cap, json(Http.get(stats)).path("max_in_flight").asLong(), "most calls in flight");
                for (String id : ids) {
                    await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                            .until(() -> "completed".equals(json(ingress.poll(id)).path("status").asText()));
                }
                assertEquals(jobs, json(Http.get(stats)).path("completed").asLong(), "each job called once");
            }
        }
    }
}
