package dev.ferry.core.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
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

    @Test
    void shouldTakeAProvidersAnswerAsItCameWhenItIsOneJsonObject() {
        byte[] answered = bytes(" {\"id\": \"resp_1\",\n \"big\": 1e999, \"output\": [{\"a\": {}}]}\n");

        assertArrayEquals(answered, RawJson.ofObject(answered, mapper).orElseThrow().utf8());
    }

    @Test
    void shouldRefuseAnAnswerThatIsNotExactlyOneJsonObject() {
        for (String body : new String[] {"", "[]", "\"resp\"", "{\"id\":1", "{\"id\":1} {}", "{\"id\":1}x",
                "{\"id\":1,\"id\":2}", "not json"}) {
            assertTrue(RawJson.ofObject(bytes(body), mapper).isEmpty(), body);
        }
        String deep = "{\"a\":".repeat(Json.MAX_NESTING_DEPTH + 1) + "1" + "}".repeat(Json.MAX_NESTING_DEPTH + 1);
        assertTrue(RawJson.ofObject(bytes(deep), Json.newPayloadMapper()).isEmpty(), "deeper than a payload may be");
    }

    @Test
    void shouldWriteAnAnswerInUtf16AgainAsUtf8() throws Exception {
        byte[] utf16 = "{\"text\":\"h\u00e9\"}".getBytes(StandardCharsets.UTF_16BE);

        RawJson raw = RawJson.ofObject(utf16, mapper).orElseThrow();

        assertEquals("{\"text\":\"h\u00e9\"}", new String(raw.utf8(), StandardCharsets.UTF_8));
    }

    @Test
    void shouldCutOneFieldOutOfAnObjectAsItsBytesAndReadTheRestAsATree() throws Exception {
        byte[] event = bytes("{\"type\":\"completed\",\"response\": {\"id\":\"r\", \"n\":[1, 2.50]} ,\"at_ms\":5}");

        ObjectNode tree = RawJson.readObjectKeepingRaw(event, "response", mapper);

        assertEquals("completed", tree.path("type").asText());
        assertEquals(5, tree.path("at_ms").asInt());
        assertEquals(RawJson.ofBytes(bytes("{\"id\":\"r\", \"n\":[1, 2.50]}")),
                ((POJONode) tree.get("response")).getPojo());
    }

    @Test
    void shouldStillRefuseADuplicateKeyBesideTheCutFieldButNotCheckInsideItAgain() throws Exception {
        byte[] duplicateBeside = bytes("{\"at_ms\":1,\"response\":{\"id\":\"r\",\"o\":{\"k\":1}},\"at_ms\":2}");
        byte[] duplicateInside = bytes("{\"response\":{\"id\":\"r\",\"o\":{\"k\":1,\"k\":2}},\"at_ms\":2}");

        assertThrows(JsonParseException.class, () -> RawJson.readObjectKeepingRaw(duplicateBeside, "response", mapper));
        ObjectNode tree = RawJson.readObjectKeepingRaw(duplicateInside, "response", mapper);
        assertEquals(RawJson.ofBytes(bytes("{\"id\":\"r\",\"o\":{\"k\":1,\"k\":2}}")),
                ((POJONode) tree.get("response")).getPojo());
        assertThrows(JsonParseException.class, () -> mapper.readTree(duplicateInside),
                "the mapper itself still refuses it");
    }

    @Test
    void shouldReadATopLevelStringAndNothingNestedOrOfAnotherType() {
        RawJson response = RawJson.ofBytes(
                bytes("{\"output\":[{\"status\":\"nested\"}],\"n\":1,\"status\":\"incomplete\"}"));

        assertEquals("incomplete", response.topLevelText("status"));
        assertNull(response.topLevelText("n"));
        assertNull(response.topLevelText("missing"));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
