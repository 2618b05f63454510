package dev.ferry.ingress.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.error.FerryException;
import dev.ferry.core.job.JobEnvelope;
import dev.ferry.core.job.JobId;
import dev.ferry.core.job.JobSubmitted;
import dev.ferry.core.serde.JobsRecordFormat;
import dev.ferry.core.serde.Json;
import dev.ferry.providers.ProviderClient;
import dev.ferry.providers.ProviderRouter;
import dev.ferry.testsupport.SameJson;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.LongRange;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Whatever ingress accepts, the worker and the job store can read back: a request body that passes ingress's parser
 * is written as a {@code jobs} record, and that record's body decodes with the worker's reader to the same request and
 * its envelope with the store's deserializer to the same envelope. Bodies of every depth around the nesting limit,
 * odd keys, strings and numbers are tried; a rejected body is fine, an accepted one that does not decode is not.
 */
class AcceptedJobsDecodePropertiesTest {

    private static final ProviderClient NEVER_CALLED = (model, request, timeout) ->
            CompletableFuture.failedFuture(new AssertionError("parsing must not call a provider"));
    private static final RequestBodies INGRESS = new RequestBodies(Json.newPayloadMapper(),
            new ProviderRouter(Map.of("mock", NEVER_CALLED)), new BoundedBody(8L * 1024 * 1024, 0, System::nanoTime));
    private static final JobsRecordFormat FORMAT = new JobsRecordFormat(Json.newPayloadMapper());
    /** Writes bodies of any depth, so that the ones past the limit are tried too. */
    private static final ObjectMapper UNLIMITED = unlimitedMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Property(tries = 1000)
    void shouldDecodeEveryAcceptedRequestInTheWorkerAndTheStore(
            @ForAll("requests") ObjectNode body, @ForAll @LongRange(min = 1, max = 604_800) long ttlSeconds)
            throws Exception {
        ObjectNode accepted;
        try {
            accepted = INGRESS.parseResponsesRequest(UNLIMITED.writeValueAsBytes(body), null);
        } catch (FerryException.InvalidRequest rejected) {
            Statistics.label("ingress").collect("rejected");
            return;
        }
        Statistics.label("ingress").collect("accepted");
        Statistics.label("depth of accepted").collect(depth(accepted) >= Json.MAX_NESTING_DEPTH - 2 ? "near the limit"
                : "shallower");
        JobSubmitted job = new JobSubmitted(JobId.random().value(), accepted.get("model").asText(), accepted,
                "team-a", ttlSeconds, 1_796_040_000_000L);
        RecordHeaders headers = new RecordHeaders();
        byte[] value = FORMAT.serializer().serialize("jobs", headers, job);

        ObjectNode read = FORMAT.readRequest(value);
        assertTrue(SameJson.same(accepted, read), () -> "the worker reads the request ingress accepted; first "
                + "difference at " + firstDifference(accepted, read, "$"));
        assertEquals(job.envelope(), FORMAT.readEnvelope(headers), "the worker reads the envelope");
        JobEnvelope folded = FORMAT.envelopeDeserializer().deserialize("jobs", headers, value);
        assertEquals(job.envelope(), folded, "the job store reads the envelope");
    }

    @Provide
    Arbitrary<ObjectNode> requests() {
        return Combinators.combine(models(), inputs(), extras()).as((model, input, extra) -> {
            ObjectNode request = NODES.objectNode();
            request.set("model", model);
            request.set("input", input);
            extra.forEach(request::set);
            return request;
        });
    }

    private static Arbitrary<JsonNode> models() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.strings().alpha().numeric().withChars("-._:").ofMinLength(1).ofMaxLength(20)
                        .map(name -> NODES.textNode("mock/" + name))),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(20).map(name -> NODES.textNode("mock/" + name))),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(12).map(NODES::textNode)));
    }

    private static Arbitrary<JsonNode> inputs() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(200).map(NODES::textNode),
                deep().map(JsonNode.class::cast),
                values(3).list().ofMaxSize(4).map(AcceptedJobsDecodePropertiesTest::array));
    }

    private static Arbitrary<Map<String, JsonNode>> extras() {
        return Arbitraries.maps(Arbitraries.strings().ofMaxLength(10)
                        .filter(key -> !key.equals("model") && !key.equals("input") && !key.equals("stream")),
                Arbitraries.oneOf(values(3), deep().map(JsonNode.class::cast)))
                .ofMaxSize(4);
    }

    /** Arrays and objects nested around the limit (the request itself is one more level). */
    private static Arbitrary<ArrayNode> deep() {
        return Arbitraries.integers().between(Json.MAX_NESTING_DEPTH - 4, Json.MAX_NESTING_DEPTH + 4)
                .flatMap(depth -> Arbitraries.of(true, false).list().ofSize(depth).map(kinds -> {
                    JsonNode inner = NODES.textNode("bottom");
                    for (boolean asArray : kinds.subList(1, kinds.size())) {
                        inner = asArray ? NODES.arrayNode().add(inner) : NODES.objectNode().set("k", inner);
                    }
                    return NODES.arrayNode().add(inner);
                }));
    }

    private static Arbitrary<JsonNode> values(int depth) {
        Arbitrary<JsonNode> leaves = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(30).map(NODES::textNode),
                Arbitraries.strings().all().ofMaxLength(8).map(NODES::textNode),
                Arbitraries.longs().map(NODES::numberNode),
                Arbitraries.doubles().map(NODES::numberNode),
                Arbitraries.bigIntegers().between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30))
                        .map(NODES::numberNode),
                Arbitraries.bigDecimals().between(new BigDecimal("-1e20"), new BigDecimal("1e20")).ofScale(12)
                        .map(NODES::numberNode),
                Arbitraries.of(new BigDecimal("1e999"), new BigDecimal("-2.5e-999"), new BigDecimal("0.10"))
                        .map(NODES::numberNode),
                Arbitraries.of(NODES.booleanNode(true), NODES.booleanNode(false), NODES.nullNode()));
        if (depth == 0) {
            return leaves;
        }
        return Arbitraries.oneOf(leaves,
                values(depth - 1).list().ofMaxSize(3).map(AcceptedJobsDecodePropertiesTest::array),
                Arbitraries.maps(Arbitraries.strings().all().ofMaxLength(6), values(depth - 1)).ofMaxSize(3)
                        .map(fields -> {
                            ObjectNode object = NODES.objectNode();
                            fields.forEach(object::set);
                            return object;
                        }));
    }

    private static String firstDifference(JsonNode expected, JsonNode actual, String path) {
        if (expected.isNumber() && actual.isNumber() || expected.getClass() != actual.getClass()
                || expected.size() != actual.size()) {
            return path + ": " + expected.getClass().getSimpleName() + " " + expected + " vs "
                    + actual.getClass().getSimpleName() + " " + actual;
        }
        if (expected.isObject()) {
            for (var names = expected.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!expected.get(name).equals(actual.get(name))) {
                    return actual.get(name) == null ? path + ": no field " + name
                            : firstDifference(expected.get(name), actual.get(name), path + "." + name);
                }
            }
        } else if (expected.isArray()) {
            for (int i = 0; i < expected.size(); i++) {
                if (!expected.get(i).equals(actual.get(i))) {
                    return firstDifference(expected.get(i), actual.get(i), path + "[" + i + "]");
                }
            }
        }
        return path + ": " + expected + " vs " + actual;
    }

    private static int depth(JsonNode node) {
        int deepest = 0;
        for (JsonNode child : node) {
            deepest = Math.max(deepest, depth(child));
        }
        return node.isContainerNode() ? deepest + 1 : 0;
    }

    private static ArrayNode array(List<JsonNode> items) {
        ArrayNode array = NODES.arrayNode();
        items.forEach(array::add);
        return array;
    }

    private static ObjectMapper unlimitedMapper() {
        ObjectMapper mapper = new ObjectMapper();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(10_000).build());
        return mapper;
    }
}
