package dev.ferry.core.serde;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** A Kafka serde writing one Java type as JSON; {@code null} maps to {@code null} both ways (tombstones). */
public final class JsonSerde<T> implements Serde<T> {

    private final ObjectMapper mapper;
    private final Class<T> type;
    /** Bound to the type once: resolving it per record showed up in profiles of the job store. */
    private final ObjectReader reader;
    private final ObjectWriter writer;
    /** A top-level field read as {@link RawJson} bytes cut from the record, not through a tree; null for none. */
    private final String rawField;

    public JsonSerde(ObjectMapper mapper, Class<T> type) {
        this(mapper, type, null);
    }

    private JsonSerde(ObjectMapper mapper, Class<T> type, String rawField) {
        this.mapper = mapper;
        this.type = type;
        this.reader = mapper.readerFor(type);
        this.writer = mapper.writerFor(type);
        this.rawField = rawField;
    }

    /**
     * A serde of {@code type}, whose top-level field {@code rawField} (of type {@link RawJson}) is cut out of each
     * record as bytes ({@link RawJson#readObjectKeepingRaw}) instead of being parsed into a tree and written again.
     */
    public static <T> JsonSerde<T> keepingRaw(ObjectMapper mapper, Class<T> type, String rawField) {
        return new JsonSerde<>(mapper, type, rawField);
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            try {
                return writer.writeValueAsBytes(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return rawField == null ? reader.readValue(bytes)
                        : reader.readValue(RawJson.readObjectKeepingRaw(bytes, rawField, mapper));
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("Could not read a " + type.getSimpleName() + " from " + topic, e);
            }
        };
    }
}
