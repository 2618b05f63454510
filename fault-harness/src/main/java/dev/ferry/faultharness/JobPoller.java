package dev.ferry.faultharness;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/** Polls many jobs through one gateway, a few at a time. */
final class JobPoller {

    private static final int CONCURRENCY = 8;

    private final HarnessHttp http;
    private final ObjectMapper mapper;

    JobPoller(HarnessHttp http, ObjectMapper mapper) {
        this.http = http;
        this.mapper = mapper;
    }

    JobView poll(URI gateway, String jobId) {
        return JobView.parse(http.get(gateway.resolve(JobView.PATH + jobId)), mapper);
    }

    Map<String, JobView> pollAll(URI gateway, Collection<String> jobIds) throws InterruptedException {
        Map<String, JobView> views = new ConcurrentHashMap<>();
        Semaphore permits = new Semaphore(CONCURRENCY);
        List<String> ids = List.copyOf(jobIds);
        CompletableFuture<?>[] all = new CompletableFuture<?>[ids.size()];
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            permits.acquire();
            all[i] = http.getAsync(gateway.resolve(JobView.PATH + id)).whenComplete((answer, error) -> {
                permits.release();
                views.put(id, answer == null ? new JobView(-1, "", "") : JobView.parse(answer, mapper));
            });
        }
        CompletableFuture.allOf(all).join();
        return views;
    }
}
