package dev.ferry.core.serde;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * Builds the two {@link ObjectMapper} configurations Ferry uses; the launcher makes one of each and passes them on.
 *
 * <p>Limits apply to payloads, JSON that comes from outside: clients' requests and providers' responses, read with
 * {@link #newPayloadMapper()}. Ferry's own records ({@link #newMapper()}) wrap payloads in a few levels of envelope (a
 * job event holding a response, a dead letter holding a job), so they accept {@link #ENVELOPE_DEPTH} more. Whatever
 * ingress or a worker accepted as a payload therefore always decodes again wherever Ferry's records are read.
 */
public final class Json {

    /** Deepest JSON nesting accepted in a payload; deeper documents are rejected while parsing. */
    public static final int MAX_NESTING_DEPTH = 64;
    /** Levels Ferry's own records may add around a payload. */
    public static final int ENVELOPE_DEPTH = 8;

    private Json() {
    }

    /** The mapper for Ferry's records: topics, stores and forwarded lookups. */
    public static ObjectMapper newMapper() {
        return configured(MAX_NESTING_DEPTH + ENVELOPE_DEPTH);
    }

    /** The mapper for payloads: request bodies from clients and response bodies from providers. */
    public static ObjectMapper newPayloadMapper() {
        return configured(MAX_NESTING_DEPTH);
    }

    /**
     * Snake_case property names (the job topics are read by other programs too), nulls left out, unknown properties
     * tolerated (newer writers may add fields), duplicate keys rejected and a bounded nesting depth. Numbers with a
     * fraction or an exponent are kept as written (exact decimals, not doubles), so a request or a response passes
     * through Ferry unchanged: {@code 1e999} stays {@code 1E+999} instead of becoming the string "Infinity".
     */
    private static ObjectMapper configured(int maxNestingDepth) {
        ObjectMapper mapper = new ObjectMapper();
        mapper.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        mapper.setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
        mapper.getFactory().setStreamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(maxNestingDepth).build());
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        mapper.setSerializationInclusion(JsonInclude.Include.NON_NULL);
        mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        return mapper;
    }
}
