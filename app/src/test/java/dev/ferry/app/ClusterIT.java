package dev.ferry.app;

import static dev.ferry.app.RunningFerry.json;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.core.config.MockProviderSettings;
import dev.ferry.core.serde.Json;
import dev.ferry.core.topic.KeyPartitions;
import dev.ferry.embeddedkafka.KafkaBroker;
import dev.ferry.mockprovider.MockProviderServer;
import dev.ferry.testsupport.FreePorts;
import dev.ferry.testsupport.HttpResult;
import dev.ferry.testsupport.KafkaBrokerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Two instances share one job store: each answers polls for every job, forwarding to the instance that holds it. */
@ExtendWith(KafkaBrokerExtension.class)
class ClusterIT {

    private static final int PARTITIONS = 6;

    private static Map<String, String> instance(Map<String, String> shared, Path stateDir) {
        Map<String, String> env = new HashMap<>(shared);
        env.put("FERRY_STATE_DIR", stateDir.toString());
        env.put("FERRY_PORT", Integer.toString(FreePorts.pick()));
        return env;
    }

    private static Map<String, String> shared(KafkaBroker kafka, MockProviderServer mock, Path stateDir) {
        Map<String, String> shared = new HashMap<>(RunningFerry.environment(kafka, mock.baseUrl(), stateDir));
        shared.put("FERRY_TOPIC_PARTITIONS", Integer.toString(PARTITIONS));
        shared.put("FERRY_ADVERTISED_HOST", "127.0.0.1");
        shared.put("FERRY_STANDBY_REPLICAS", "1");
        return shared;
    }

    private static MockProviderServer startMock() {
        return new MockProviderServer(new MockProviderSettings("127.0.0.1", 0, Duration.ofMillis(10), 0.0),
                Json.newMapper(), new Random(2)).start();
    }

    /**
     * Settled: for two seconds running, both instances answer 404 for an unknown id in every partition. The second
     * instance's arrival takes more than one rebalance (cooperative: revoke, then assign; warm-up copies), and a
     * partition between owners answers 503 until the last one.
     */
    private static void awaitSettled(RunningFerry a, RunningFerry b) {
        List<String> unknownInEveryPartition = IntStream.range(0, PARTITIONS).mapToObj(ClusterIT::unknownIdIn).toList();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).during(Duration.ofSeconds(2))
                .until(() -> unknownInEveryPartition.stream()
                        .allMatch(id -> a.poll(id).status() == 404 && b.poll(id).status() == 404));
    }

    private static String unknownIdIn(int partition) {
        for (long i = 1; ; i++) {
            String id = new UUID(0x4000L, 0x8000000000000000L | i).toString();
            if (KeyPartitions.partitionFor(id, PARTITIONS) == partition) {
                return id;
            }
        }
    }

    private static List<String> submitCompleted(RunningFerry a, RunningFerry b, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add((i % 2 == 0 ? a : b).submit("{\"model\":\"mock/echo\",\"input\":\"job " + i + "\"}", Map.of())
                    .header("x-bf-async-id"));
        }
        for (String id : ids) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> "completed".equals(json(a.poll(id)).path("status").asText()));
        }
        return ids;
    }

    @Test
    void shouldServePollsFromAStandbyCopyWhileTheActiveInstanceDoesNotAnswer(
            KafkaBroker kafka, @TempDir Path first, @TempDir Path second) throws Exception {
        try (MockProviderServer mock = startMock()) {
            Map<String, String> shared = shared(kafka, mock, first);
            try (RunningFerry a = RunningFerry.start(instance(shared, first));
                    RunningFerry b = RunningFerry.start(instance(shared, second))) {
                awaitSettled(a, b);
                List<String> ids = submitCompleted(a, b, 24);

                b.stopAnsweringHttp();

                for (String id : ids) {
                    HttpResult poll = a.poll(id);
                    assertEquals(200, poll.status(), "job " + id + ": " + poll.body());
                    assertEquals("completed", json(poll).path("status").asText());
                }
                Map<Integer, Long> unknown = new HashMap<>();
                for (int i = 0; i < 24; i++) {
                    unknown.merge(a.poll(UUID.randomUUID().toString()).status(), 1L, Long::sum);
                }
                assertEquals(Set.of(404, 503), unknown.keySet(),
                        "unknown ids: 404 where the active copy answers, 503 (never 404) where only a standby does");
            }
        }
    }

    @Test
    void shouldAnswerPollsForEveryJobOnEitherInstance(
            KafkaBroker kafka, @TempDir Path first, @TempDir Path second) throws Exception {
        try (MockProviderServer mock = startMock()) {
            Map<String, String> shared = shared(kafka, mock, first);
            try (RunningFerry a = RunningFerry.start(instance(shared, first));
                    RunningFerry b = RunningFerry.start(instance(shared, second))) {
                awaitSettled(a, b);
                List<String> ids = submitCompleted(a, b, 24);

                for (String id : ids) {
                    for (RunningFerry via : List.of(a, b)) {
                        HttpResult poll = via.poll(id);
                        assertEquals(200, poll.status(), "no 404 or 503 once the cluster is settled: " + poll.body());
                        assertEquals("completed", json(poll).path("status").asText());
                    }
                }
            }
        }
    }
}
