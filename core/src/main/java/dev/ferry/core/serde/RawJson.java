package dev.ferry.core.serde;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.util.RawValue;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One JSON value kept as the UTF-8 bytes it was written as, so that whoever only passes it on (a poll answering with
 * a stored response, a batch output file) copies bytes instead of building a tree and writing it again. Inside a
 * JSON document written by Jackson it appears as the value itself, not as a string.
 *
 * <p>Equal when the bytes are equal: two instances written from equal trees by the same mapper are equal.
 */
@JsonSerialize(using = RawJson.Writing.class)
@JsonDeserialize(using = RawJson.Reading.class)
public final class RawJson {

    private final byte[] utf8;

    private RawJson(byte[] utf8) {
        this.utf8 = utf8;
    }

    /**
     * @param utf8 one complete JSON value, as written by a JSON generator; kept, not copied, so the caller must not
     *     change it afterwards
     */
    public static RawJson ofBytes(byte[] utf8) {
        if (utf8 == null || utf8.length == 0) {
            throw new IllegalArgumentException("a JSON value has at least one byte");
        }
        return new RawJson(utf8);
    }

    /** {@code tree} written by {@code writer}; null for null. */
    public static RawJson of(JsonNode tree, ObjectWriter writer) {
        if (tree == null) {
            return null;
        }
        try {
            return new RawJson(writer.writeValueAsBytes(tree));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes themselves, not a copy: callers pass them on and never change them. */
    public byte[] utf8() {
        return utf8;
    }

    /** The value parsed into a tree by {@code mapper}, for a caller that looks inside it. */
    public JsonNode tree(ObjectMapper mapper) {
        try {
            return mapper.readTree(utf8);
        } catch (IOException e) {
            throw new UncheckedIOException("stored JSON could not be read again", e);
        }
    }

    /**
     * The value of the top-level field {@code name} of this object, parsed by {@code mapper}; null when this is not an
     * object or has no such field. The other fields are skipped, not built into a tree: the job store
     * reads a finished batch line's {@code usage} this way in the fold that has just written the response.
     */
    public JsonNode field(String name, ObjectMapper mapper) {
        try (JsonParser parser = mapper.createParser(utf8)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                boolean wanted = name.equals(parser.currentName());
                parser.nextToken();
                if (wanted) {
                    return mapper.readTree(parser);
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("stored JSON could not be read again", e);
        }
    }

    /** The value as a node of a tree being built ({@code ObjectNode.putRawValue}), written out as these bytes. */
    public RawValue asTreeValue() {
        return new RawValue(new Unquoted(utf8));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RawJson raw && Arrays.equals(utf8, raw.utf8);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(utf8);
    }

    @Override
    public String toString() {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /** Writes the bytes as the value in place, without parsing them. */
    static final class Writing extends JsonSerializer<RawJson> {
        @Override
        public void serialize(RawJson value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeRawValue(new Unquoted(value.utf8));
        }
    }

    /**
     * Reads the value in place through a tree, which keeps numbers exactly as the reading mapper does: only records
     * that arrive as JSON documents take this path (a lookup forwarded between instances), never the job store.
     */
    static final class Reading extends JsonDeserializer<RawJson> {
        @Override
        public RawJson deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode tree = context.readTree(parser);
            return new RawJson(tree.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * The bytes as Jackson's raw text: a generator writing bytes copies them, one writing chars decodes them. A raw
     * value is never quoted, so the quoted forms are not offered.
     */
    private static final class Unquoted implements SerializableString {

        private final byte[] utf8;

        Unquoted(byte[] utf8) {
            this.utf8 = utf8;
        }

        @Override
        public String getValue() {
            return new String(utf8, StandardCharsets.UTF_8);
        }

        @Override
        public int charLength() {
            return getValue().length();
        }

        @Override
        public byte[] asUnquotedUTF8() {
            return utf8;
        }

        @Override
        public int appendUnquotedUTF8(byte[] buffer, int offset) {
            if (offset + utf8.length > buffer.length) {
                return -1;
            }
            System.arraycopy(utf8, 0, buffer, offset, utf8.length);
            return utf8.length;
        }

        @Override
        public int appendUnquoted(char[] buffer, int offset) {
            String value = getValue();
            if (offset + value.length() > buffer.length) {
                return -1;
            }
            value.getChars(0, value.length(), buffer, offset);
            return value.length();
        }

        @Override
        public int writeUnquotedUTF8(OutputStream out) throws IOException {
            out.write(utf8);
            return utf8.length;
        }

        @Override
        public int putUnquotedUTF8(ByteBuffer buffer) {
            if (utf8.length > buffer.remaining()) {
                return -1;
            }
            buffer.put(utf8);
            return utf8.length;
        }

        @Override
        public char[] asQuotedChars() {
            throw quoted();
        }

        @Override
        public byte[] asQuotedUTF8() {
            throw quoted();
        }

        @Override
        public int appendQuotedUTF8(byte[] buffer, int offset) {
            throw quoted();
        }

        @Override
        public int appendQuoted(char[] buffer, int offset) {
            throw quoted();
        }

        @Override
        public int writeQuotedUTF8(OutputStream out) {
            throw quoted();
        }

        @Override
        public int putQuotedUTF8(ByteBuffer buffer) {
            throw quoted();
        }

        private static UnsupportedOperationException quoted() {
            return new UnsupportedOperationException("raw JSON is written as it is, never quoted");
        }
    }
}
