package dev.ferry.core.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.job.JobRecord;
import dev.ferry.core.job.JobStatus;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RawJsonTest {

    private final ObjectMapper mapper = Json.newMapper();

    @Test
    void shouldKeepTheBytesATreeWasWrittenAs() throws Exception {
        JsonNode tree = mapper.readTree("{\"id\":\"resp_1\",\"temperature\":1e999,\"text\":\"h\\u00e9\"}");

        RawJson raw = RawJson.of(tree, mapper.writer());

        assertArrayEquals(mapper.writeValueAsBytes(tree), raw.utf8());
        assertEquals(tree, raw.tree(mapper));
        assertNull(RawJson.of(null, mapper.writer()));
    }

    @Test
    void shouldAppearAsTheValueItselfInsideAJsonDocumentAndComeBackEqual() throws Exception {
        RawJson response = RawJson.ofBytes(
                "{\"id\":\"resp_1\",\"usage\":{\"total_tokens\":3},\"x\":1.50}".getBytes(StandardCharsets.UTF_8));
        JobRecord record = new JobRecord("job-1", JobStatus.COMPLETED, "alice", "mock/echo", 1, 2L, 3L, 60, 60_003L,
                response, null);

        String json = mapper.writeValueAsString(record);
        JobRecord read = mapper.readValue(json, JobRecord.class);

        assertEquals(3, mapper.readTree(json).path("response").path("usage").path("total_tokens").asInt());
        assertEquals(response, read.response(), "1.50 stays 1.50: numbers pass as written");
        assertEquals(record, read);
    }

    @Test
    void shouldWriteItsBytesWhereATreeHoldsItAsARawValue() throws Exception {
        ObjectNode envelope = mapper.createObjectNode().put("id", "job-1");
        envelope.putRawValue("result", RawJson.ofBytes("[1,{\"a\":null}]".getBytes(StandardCharsets.UTF_8))
                .asTreeValue());

        assertEquals("{\"id\":\"job-1\",\"result\":[1,{\"a\":null}]}", mapper.writeValueAsString(envelope));
        assertEquals("{\"id\":\"job-1\",\"result\":[1,{\"a\":null}]}",
                new String(mapper.writeValueAsBytes(envelope), StandardCharsets.UTF_8));
    }

    @Test
    void shouldReadOneTopLevelFieldAndSkipTheRest() {
        RawJson response = RawJson.ofBytes(("{\"output\":[{\"usage\":\"nested, not this\"}],"
                + "\"usage\":{\"input_tokens\":3,\"output_tokens\":4},\"id\":\"resp_1\"}")
                .getBytes(StandardCharsets.UTF_8));

        assertEquals(4, response.field("usage", mapper).path("output_tokens").asInt());
        assertEquals("resp_1", response.field("id", mapper).asText());
        assertNull(response.field("missing", mapper));
        assertNull(RawJson.ofBytes("[1,2]".getBytes(StandardCharsets.UTF_8)).field("usage", mapper));
    }
}
