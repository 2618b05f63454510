package dev.ferry.app;

import static dev.ferry.app.RunningFerry.json;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ferry.core.config.MockProviderSettings;
import dev.ferry.core.serde.Json;
import dev.ferry.embeddedkafka.KafkaBroker;
import dev.ferry.mockprovider.MockProviderServer;
import dev.ferry.testsupport.Http;
import dev.ferry.testsupport.HttpResult;
import dev.ferry.testsupport.KafkaBrokerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the bad-input ITs (the catalogue of reliability notes §3) share, registered in each with
 * {@code @RegisterExtension static final BadInputFixture inputs = new BadInputFixture();}: Ferry nodes on the shared
 * broker, each started the first time a test asks for it; every answer a test saw, none of which may be a 5xx; and
 * the jobs accepted between the bad requests (one valid job after every test), which must all complete.
 *
 * <p>The nodes: an open one (no credentials) for most inputs; a keyed one with API keys, a Basic user and a per-key
 * rate of 5 requests a second; and one with Ferry's default minimum request data rate, for slow clients.
 */
final class BadInputFixture implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    static final String HELLO = "{\"model\":\"mock/echo\",\"input\":\"Hello, bad input\"}";
    static final Duration RAW_TIMEOUT = Duration.ofSeconds(20);
    static final String MAIN_KEY = "ferry-main-key-0123456789";
    static final String OTHER_KEY = "ferry-other-key-0123456789";
    static final String BURST_KEY = "ferry-burst-key-0123456789";

    /** A job Ferry accepted, and the credentials that may poll it. */
    private record Accepted(RunningFerry node, String jobId, Map<String, String> credentials) {
    }

    private final List<Accepted> accepted = Collections.synchronizedList(new ArrayList<>());
    private final List<String> serverErrors = Collections.synchronizedList(new ArrayList<>());
    private final List<RunningFerry> started = new ArrayList<>();
    private KafkaBroker kafka;
    private Path stateDirs;
    private MockProviderServer mock;
    private RunningFerry open;
    private RunningFerry keyed;
    private RunningFerry rateGuarded;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        kafka = KafkaBrokerExtension.broker(context);
        stateDirs = Files.createTempDirectory("ferry-bad-input-");
        mock = new MockProviderServer(new MockProviderSettings("127.0.0.1", 0, Duration.ofMillis(20), 0.0),
                Json.newMapper(), new Random(11)).start();
    }

    /** Between every two bad-input tests, a valid job goes in; the last test checks that they all completed. */
    @Override
    public void afterEach(ExtensionContext context) {
        HttpResult submit = seen("valid submit between tests", open().submit(HELLO, Map.of()));
        assertEquals(200, submit.status(), "a valid job after bad input: " + submit.body());
        accepted(open(), submit.header("x-bf-async-id"), Map.of());
        assertEquals(200, seen("health", Http.get(open().url("/health"))).status());
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        Collections.reverse(started);
        started.forEach(RunningFerry::close);
        mock.close();
        try (Stream<Path> paths = Files.walk(stateDirs)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    RunningFerry open() {
        if (open == null) {
            open = start("open", Map.of());
        }
        return open;
    }

    RunningFerry keyed() {
        if (keyed == null) {
            keyed = start("keyed", Map.of(
                    "FERRY_API_KEYS", "main=" + MAIN_KEY + ",other=" + OTHER_KEY + ",burst=" + BURST_KEY,
                    "FERRY_BASIC_USERS", "carol=carol-password",
                    "FERRY_RATE_LIMIT_PER_SECOND", "5"));
        }
        return keyed;
    }

    RunningFerry rateGuarded() {
        if (rateGuarded == null) {
            rateGuarded = start("rate-guarded", Map.of("FERRY_MIN_REQUEST_DATA_RATE", "256"));
        }
        return rateGuarded;
    }

    private RunningFerry start(String name, Map<String, String> settings) {
        try {
            Map<String, String> env = new HashMap<>(RunningFerry.environment(kafka, mock.baseUrl(),
                    Files.createDirectory(stateDirs.resolve(name))));
            env.putAll(settings);
            RunningFerry node = RunningFerry.start(env);
            started.add(node);
            return node;
        } catch (Exception e) {
            throw new IllegalStateException("the " + name + " Ferry node did not start", e);
        }
    }

    /** Notes an answer; a 5xx is kept for the last test to report. */
    HttpResult seen(String what, HttpResult result) {
        if (result.status() >= 500) {
            serverErrors.add(what + " -> " + result.status() + " " + result.body());
        }
        return result;
    }

    /** {@link #seen(String, HttpResult)} for an answer read off a raw socket. */
    RawHttp.Response seen(String what, RawHttp.Response response) {
        if (response.status() >= 500) {
            serverErrors.add(what + " -> " + response.status() + " " + response.body());
        }
        return response;
    }

    /** Sends {@code request} as it is to {@code node} on a new connection and notes the answer. */
    RawHttp.Response exchange(String what, RunningFerry node, byte[] request) throws IOException {
        return seen(what, RawHttp.exchange(BadRequests.port(node), request, RAW_TIMEOUT));
    }

    /** {@link #exchange(String, RunningFerry, byte[])} for a request written as ISO-8859-1 text. */
    RawHttp.Response exchange(String what, RunningFerry node, String request) throws IOException {
        return seen(what, RawHttp.exchange(BadRequests.port(node), request, RAW_TIMEOUT));
    }

    /** A job the last test must find completed, polled with {@code credentials}. */
    void accepted(RunningFerry node, String jobId, Map<String, String> credentials) {
        accepted.add(new Accepted(node, jobId, credentials));
    }

    /** The last test of each class: no answer was a 5xx, and every job accepted in the class completed. */
    void assertNoServerErrorAndEveryAcceptedJobCompleted() {
        List<Accepted> jobs;
        synchronized (accepted) {
            jobs = List.copyOf(accepted);
        }
        assertFalse(jobs.isEmpty(), "no job was accepted between the bad requests");
        assertAll(
                () -> assertEquals(List.of(), serverErrors, "bad input must never cause a 5xx"),
                () -> {
                    for (Accepted job : jobs) {
                        await("job " + job.jobId()).atMost(Duration.ofSeconds(60))
                                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(250)).until(() -> {
                                    HttpResult poll = BadRequests.pollAs(job.node(), job.jobId(), job.credentials());
                                    return poll.status() == 200
                                            && "completed".equals(json(poll).path("status").asText());
                                });
                    }
                });
    }
}
