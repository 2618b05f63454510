package dev.ferry.faultharness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Invariant I5: submits a few jobs with {@code x-bf-async-job-result-ttl: 2}, waits until they are terminal, then
 * polls them through every gateway until well past their {@code expires_at}. Judged by the harness's clock with a
 * margin of {@link #EPSILON}: a 200 after expiry is a result served after its TTL; a 404 before it an early expiry.
 */
final class TtlProbe {

    /** The figures of one probe. */
    record Result(List<String> jobIds, int expiredChecked, int checksAfterExpiry, int servedAfterExpiry,
            int earlyExpiry, int goneAtEnd) {

        Result {
            jobIds = List.copyOf(jobIds);
        }

        int jobs() {
            return jobIds.size();
        }
    }

    static final long TTL_SECONDS = 2;
    private static final Duration EPSILON = Duration.ofSeconds(1);

    private final HarnessHttp http;
    private final ObjectMapper mapper;

    TtlProbe(HarnessHttp http, ObjectMapper mapper) {
        this.http = http;
        this.mapper = mapper;
    }

    Result run(List<URI> gateways, int jobs, String tag, Duration timeout) throws InterruptedException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            URI gateway = gateways.get(i % gateways.size());
            HarnessHttp.Answer answer = http.postAsync(gateway.resolve(OpenLoopSubmitter.PATH),
                    Map.of("x-bf-async", "true", "x-bf-async-job-result-ttl", Long.toString(TTL_SECONDS)),
                    "{\"model\":\"mock/echo\",\"input\":\"" + tag + "-ttl-" + i + "\"}").join();
            answer.asyncId().filter(id -> answer.is2xx()).ifPresent(ids::add);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Long> expiresAt = new HashMap<>();
        while (expiresAt.size() < ids.size() && System.nanoTime() < deadline) {
            for (String id : ids) {
                if (!expiresAt.containsKey(id)) {
                    expiry(gateways.get(0), id).ifPresent(at -> expiresAt.put(id, at));
                }
            }
            Thread.sleep(200);
        }
        int checksAfter = 0;
        int servedAfter = 0;
        int early = 0;
        long lastExpiry = expiresAt.values().stream().mapToLong(Long::longValue).max().orElse(0);
        long until = lastExpiry + EPSILON.toMillis() * 3;
        while (System.currentTimeMillis() < until) {
            for (Map.Entry<String, Long> job : expiresAt.entrySet()) {
                for (URI gateway : gateways) {
                    int status = http.get(gateway.resolve(JobView.PATH + job.getKey())).status();
                    long now = System.currentTimeMillis();
                    if (now > job.getValue() + EPSILON.toMillis()) {
                        checksAfter++;
                        servedAfter += status == 200 ? 1 : 0;
                    } else if (now < job.getValue() - EPSILON.toMillis() && status == 404) {
                        early++;
                    }
                }
            }
            Thread.sleep(250);
        }
        int gone = 0;
        for (String id : expiresAt.keySet()) {
            boolean everywhere = true;
            for (URI gateway : gateways) {
                everywhere &= http.get(gateway.resolve(JobView.PATH + id)).status() == 404;
            }
            gone += everywhere ? 1 : 0;
        }
        return new Result(ids, expiresAt.size(), checksAfter, servedAfter, early, gone);
    }

    /** The job's {@code expires_at} in epoch millis once it is terminal. */
    private Optional<Long> expiry(URI gateway, String id) {
        HarnessHttp.Answer answer = http.get(gateway.resolve(JobView.PATH + id));
        if (answer.status() != 200) {
            return Optional.empty();
        }
        try {
            JsonNode expires = mapper.readTree(answer.body()).path("expires_at");
            return expires.isTextual()
                    ? Optional.of(Instant.parse(expires.asText()).toEpochMilli())
                    : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
