package dev.ferry.core.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.job.JobEnvelope;
import dev.ferry.core.job.JobSubmitted;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class JobsRecordFormatTest {

    private static final String JOB = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

    private final ObjectMapper mapper = Json.newMapper();
    private final JobsRecordFormat format = new JobsRecordFormat(Json.newPayloadMapper());
    private final ObjectNode request = mapper.createObjectNode().put("model", "mock/echo").put("input", "hi");

    @Test
    void shouldCarryTheRequestAsTheValueAndTheEnvelopeInHeaders() {
        RecordHeaders headers = new RecordHeaders();
        JobSubmitted job = new JobSubmitted(JOB, "mock/echo", request, "team-a", 60, 1_796_040_000_000L);

        byte[] value = format.serializer().serialize("jobs", headers, job);

        assertEquals("{\"model\":\"mock/echo\",\"input\":\"hi\"}", new String(value, StandardCharsets.UTF_8));
        assertEquals("team-a", new String(headers.lastHeader("ferry-owner").value(), StandardCharsets.UTF_8));
        assertNull(headers.lastHeader("ferry-batch-id"), "no batch headers for a job of its own");
        assertEquals(job, format.deserializer().deserialize("jobs", headers, value));
    }

    @Test
    void shouldCarryABatchLinesBatchIdAndCustomId() {
        RecordHeaders headers = new RecordHeaders();
        JobSubmitted line = new JobSubmitted(new JobEnvelope(JOB, "mock/echo", "team-a", 60, 1_796_040_000_000L,
                "batch_123", "line-7"), request);

        byte[] value = format.serializer().serialize("jobs", headers, line);

        JobEnvelope read = format.envelopeDeserializer().deserialize("jobs", headers, value);
        assertEquals("batch_123", read.batchId());
        assertEquals("line-7", read.customId());
    }

    @Test
    void shouldRefuseARecordWithoutItsEnvelope() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ferry-job-id", JOB.getBytes(StandardCharsets.UTF_8));

        assertThrows(SerializationException.class, () -> format.readEnvelope(headers));
    }

    @Test
    void shouldReadTheLastHeaderOfEachKeyAndIgnoreHeadersThatAreNotTheEnvelopes() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("traceparent", "00-abc-def-01".getBytes(StandardCharsets.UTF_8));
        headers.add("ferry-owner", "someone-else".getBytes(StandardCharsets.UTF_8));
        format.writeEnvelope(headers, new JobEnvelope(JOB, "mock/echo", "team-a", 60, 1_796_040_000_000L, null, null));
        headers.add("ferry-model", "mock/slow".getBytes(StandardCharsets.UTF_8));

        JobEnvelope read = format.readEnvelope(headers);

        assertEquals(new JobEnvelope(JOB, "mock/slow", "team-a", 60, 1_796_040_000_000L, null, null), read);
    }

    @Test
    void shouldRefuseAnEnvelopeWhoseLastHeaderOfAKeyHasNoValue() {
        RecordHeaders headers = new RecordHeaders();
        format.writeEnvelope(headers, new JobEnvelope(JOB, "mock/echo", "team-a", 60, 1_796_040_000_000L, null, null));
        headers.add("ferry-model", null);

        SerializationException refused = assertThrows(SerializationException.class,
                () -> format.readEnvelope(headers));
        assertEquals("not a job: header ferry-model is missing", refused.getMessage());
    }

    @Test
    void shouldRefuseABodyThatIsNotOneJsonObject() {
        assertThrows(SerializationException.class, () -> format.readRequest("[1]".getBytes(StandardCharsets.UTF_8)));
        assertThrows(SerializationException.class,
                () -> format.readRequest("{\"a\":1} {\"b\":2}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldWriteAJobIntoADeadLetterWithItsEnvelopeBesideTheRequest() throws Exception {
        JobSubmitted job = new JobSubmitted(JOB, "mock/echo", request, "team-a", 60, 1_796_040_000_000L);

        JsonNode json = mapper.valueToTree(job);

        assertEquals("mock/echo", json.path("model").asText());
        assertEquals(JOB, json.path("job_id").asText());
        assertEquals("hi", json.path("request").path("input").asText());
    }
}
