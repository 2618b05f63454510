package dev.ferry.ingress.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.core.job.JobError;
import dev.ferry.core.job.JobRecord;
import dev.ferry.core.job.JobStatus;
import dev.ferry.core.serde.Json;
import dev.ferry.core.serde.RawJson;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JobBodiesTest {

    private static final String JOB = "3c1f6e2a-8b4d-4f7e-9a0b-1c2d3e4f5a6b";

    private final ObjectMapper mapper = Json.newMapper();
    private final JobBodies bodies = new JobBodies(mapper);

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void shouldWriteAPendingJobAsAResponsesObjectWithEveryFieldAClientReads() {
        String body = text(bodies.pendingResponse(JOB, JobStatus.IN_PROGRESS, "mock/\"echo\"", 1_796_040_000_999L));

        assertEquals("{\"id\":\"" + JOB + "\",\"object\":\"response\",\"created_at\":1796040000,"
                + "\"status\":\"in_progress\",\"completed_at\":null,\"error\":null,\"incomplete_details\":null,"
                + "\"model\":\"mock/\\\"echo\\\"\",\"output\":[],\"usage\":null,\"background\":false,\"metadata\":{}}",
                body);
    }

    @Test
    void shouldShowAFailedBackgroundJobWithItsCompletionAndOpenAisErrorShape() throws Exception {
        JobRecord failed = new JobRecord(JOB, JobStatus.FAILED, "alice", null, 1_000_000, 1_001_000L, 1_002_000L, 60,
                62_000L, null, new JobError(429, "rate_limit_error", null, "slow down", null));

        var body = mapper.readTree(bodies.backgroundResponse(failed));

        assertEquals("failed", body.path("status").asText());
        assertEquals(1_002, body.path("completed_at").asLong());
        assertEquals("rate_limit_error", body.path("error").path("code").asText(), "no code: the type stands in");
        assertEquals("slow down", body.path("error").path("message").asText());
        assertEquals("", body.path("model").asText());
        assertEquals(true, body.path("background").asBoolean());
    }

    @Test
    void shouldShowACompletedBackgroundJobAsItsResponseUnderTheJobsId() throws Exception {
        RawJson response = RawJson.ofBytes("{\"id\":\"resp_1\",\"status\":\"completed\",\"output\":[]}"
                .getBytes(StandardCharsets.UTF_8));
        JobRecord completed = new JobRecord(JOB, JobStatus.COMPLETED, "alice", "mock/echo", 1_000_000, 1_001_000L,
                1_002_000L, 60, 62_000L, response, null);

        assertEquals("{\"id\":\"" + JOB + "\",\"status\":\"completed\",\"output\":[],\"background\":true}",
                text(bodies.backgroundResponse(completed)));
        assertEquals("{\"id\":\"resp_1\",\"status\":\"completed\",\"output\":[]}", response.toString(),
                "the stored response is not changed");
    }
}
