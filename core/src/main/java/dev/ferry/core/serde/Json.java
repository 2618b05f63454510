package dev.ferry.core.serde;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

/** Builds the one {@link ObjectMapper} configuration Ferry uses on its topics. The launcher makes one and passes it. */
public final class Json {

    /** Deepest JSON nesting accepted anywhere; deeper documents are rejected while parsing. */
    public static final int MAX_NESTING_DEPTH = 64;

    private Json() {
    }

    /**
     * A mapper with snake_case property names (the job topics are read by other programs too), nulls left out, unknown
     * properties tolerated (newer writers may add fields), duplicate keys rejected and a bounded nesting depth.
     */
    public static ObjectMapper newMapper() {
        ObjectMapper mapper = new ObjectMapper();
        mapper.getFactory().setStreamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build());
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        mapper.setSerializationInclusion(JsonInclude.Include.NON_NULL);
        mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        return mapper;
    }
}
