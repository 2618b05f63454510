package dev.ferry.ingress.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.error.FerryException;
import dev.ferry.core.job.JobId;
import dev.ferry.core.job.JobSubmitted;
import dev.ferry.core.serde.JobsRecordFormat;
import dev.ferry.core.serde.Json;
import dev.ferry.providers.ProviderClient;
import dev.ferry.providers.ProviderRouter;
import dev.ferry.testsupport.SameJson;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Coverage-guided fuzzing of the request body parser: any bytes become a checked Responses request or a 400, never
 * another exception. A plain {@code mvn test} replays the seeds in {@code RequestBodiesFuzzTestInputs/}; with
 * {@code JAZZER_FUZZ=1} Jazzer mutates them (see the class's report in the issue for the command).
 */
class RequestBodiesFuzzTest {

    private static final Set<String> PARAMS = Set.of("model", "input", "stream");

    private final AtomicInteger providerCalls = new AtomicInteger();
    /** Counts a call and fails it on the spot, so that a call is seen whether or not its future is looked at. */
    private final ProviderClient neverCalled = (model, request, timeout) -> {
        providerCalls.incrementAndGet();
        throw new AssertionError("parsing must not call a provider");
    };
    private final JobsRecordFormat jobsTopic = new JobsRecordFormat(Json.newPayloadMapper());
    private final RequestBodies bodies = new RequestBodies(Json.newPayloadMapper(),
            new ProviderRouter(Map.of("mock", neverCalled)), new BoundedBody(8L * 1024 * 1024, 0, () -> 0L));

    @FuzzTest(maxDuration = "60s")
    void shouldTurnAnyBodyIntoACheckedRequestOrAnInvalidRequest(byte[] body) {
        int callsBefore = providerCalls.get();
        ObjectNode request;
        try {
            request = bodies.parseResponsesRequest(body, null);
        } catch (FerryException.InvalidRequest rejected) {
            assertEquals(callsBefore, providerCalls.get(), "parsing called a provider");
            assertNotNull(rejected.code(), "every 400 carries a code");
            assertTrue(rejected.param() == null || PARAMS.contains(rejected.param()), rejected.param());
            return;
        }
        JsonNode model = request.get("model");
        assertTrue(model.isTextual() && model.asText().startsWith("mock/") && !model.asText().isBlank(),
                "an accepted request names a model the router knows: " + model);
        JsonNode input = request.get("input");
        assertTrue(input.isTextual() || input.isArray(), "an accepted request has a string or array input");
        JsonNode stream = request.get("stream");
        assertTrue(stream == null || stream.isBoolean() || stream.isNull());
        assertEquals(callsBefore, providerCalls.get(), "parsing called a provider");
        assertDecodesAsAJob(request);
    }

    /** What ingress accepts, the worker and the job store read back from the jobs record it becomes. */
    private void assertDecodesAsAJob(ObjectNode request) {
        JobSubmitted job = new JobSubmitted(JobId.random().value(), request.get("model").asText(), request, "fuzz",
                60, 0);
        RecordHeaders headers = new RecordHeaders();
        byte[] value = jobsTopic.serializer().serialize("jobs", headers, job);
        assertTrue(SameJson.same(request, jobsTopic.readRequest(value)), "the worker reads the accepted request back");
        assertEquals(job.envelope(), jobsTopic.envelopeDeserializer().deserialize("jobs", headers, value));
    }
}
