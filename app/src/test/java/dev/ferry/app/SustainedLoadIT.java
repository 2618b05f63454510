package dev.ferry.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.core.config.MockProviderSettings;
import dev.ferry.core.serde.Json;
import dev.ferry.embeddedkafka.KafkaBroker;
import dev.ferry.mockprovider.MockProviderServer;
import dev.ferry.testsupport.Http;
import dev.ferry.testsupport.HttpResult;
import dev.ferry.testsupport.KafkaBrokerExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Async jobs submitted without pause for a while, with a one-second result TTL and heavy requests, so that the job
 * store reads the {@code jobs} topic well behind {@code job-events} and sweeps results while submissions are still
 * on their way. Every accepted job must end: once the provider has answered every call, each job reaches a terminal
 * status and then expires; none may answer {@code queued} or {@code in_progress} for good.
 */
@ExtendWith(KafkaBrokerExtension.class)
class SustainedLoadIT {

    private static final Duration LOAD = Duration.ofSeconds(15);
    /** Fewer accepted jobs than this is not the sustained load the test is about. */
    private static final int ENOUGH_JOBS = 500;
    /** On a slow machine the load goes on past {@link #LOAD} until {@link #ENOUGH_JOBS} were accepted, up to this. */
    private static final Duration MAX_LOAD = Duration.ofSeconds(60);
    private static final int CONCURRENT_SUBMITS = 32;
    /** Instructions the mock ignores: they make each {@code jobs} record heavy and each event light. */
    private static final String PADDING = "x".repeat(64 * 1024);
    private static final String REQUEST =
            "{\"model\":\"mock/echo\",\"input\":\"hi\",\"instructions\":\"" + PADDING + "\"}";

    @Test
    void shouldEndEveryJobAcceptedUnderSustainedLoad(KafkaBroker kafka, @TempDir Path stateDir)
            throws Exception {
        try (MockProviderServer mock = new MockProviderServer(
                        new MockProviderSettings("127.0.0.1", 0, Duration.ZERO, 0.0), Json.newMapper(), new Random(3))
                .start();
             RunningFerry ferry = RunningFerry.start(RunningFerry.environment(kafka, mock.baseUrl(), stateDir))) {
            List<String> accepted = submitFor(ferry, LOAD);
            assertTrue(accepted.size() > ENOUGH_JOBS, "the load generator submitted only " + accepted.size() + " jobs");

            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> RunningFerry.json(Http.get(mock.baseUrl().resolve("/mock/stats").toString()))
                            .path("completed").asLong() >= accepted.size());
            Map<String, Integer> unfinished = new TreeMap<>();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                unfinished.clear();
                for (String jobId : accepted) {
                    HttpResult poll = ferry.poll(jobId);
                    if (poll.status() != 404) {
                        unfinished.merge(poll.status() + " " + RunningFerry.json(poll).path("status").asText(), 1,
                                Integer::sum);
                    }
                }
                assertEquals(Map.of(), unfinished, "jobs not expired a TTL after the provider answered them all, "
                        + "of " + accepted.size());
            });
        }
    }

    /**
     * Submits as fast as {@link #CONCURRENT_SUBMITS} connections allow for {@code duration}, and on until more than
     * {@link #ENOUGH_JOBS} were accepted (at most {@link #MAX_LOAD} in all); returns the job ids.
     */
    private static List<String> submitFor(RunningFerry ferry, Duration duration) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(ferry.url("/openai/v1/responses")))
                .header("content-type", "application/json")
                .header("x-bf-async", "true")
                .header("x-bf-async-job-result-ttl", "1")
                .POST(HttpRequest.BodyPublishers.ofString(REQUEST))
                .build();
        ConcurrentLinkedQueue<String> accepted = new ConcurrentLinkedQueue<>();
        AtomicInteger refused = new AtomicInteger();
        Semaphore slots = new Semaphore(CONCURRENT_SUBMITS);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long latest = start + MAX_LOAD.toNanos();
        while (System.nanoTime() < end || (accepted.size() <= ENOUGH_JOBS && System.nanoTime() < latest)) {
            slots.acquire();
            client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                if (error == null && response.statusCode() == 200) {
                    accepted.add(response.headers().firstValue("x-bf-async-id").orElseThrow());
                } else {
                    refused.incrementAndGet();
                }
                slots.release();
            });
        }
        slots.acquire(CONCURRENT_SUBMITS);
        assertEquals(0, refused.get(), "submits not answered 200");
        return accepted.stream().collect(Collectors.toList());
    }
}
