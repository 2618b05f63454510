package dev.ferry.core.serde;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
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
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * One JSON value kept as the UTF-8 bytes it was written as, so that whoever only passes it on (a poll answering with
 * a stored response, a batch output file) copies bytes instead of building a tree and writing it again. Inside a
 * JSON document written by Jackson it appears as the value itself, not as a string.
 *
 * <p>A provider's answer travels this way from the call to the job store: checked once to be a JSON object
 * ({@link #ofObject}), written into the {@code completed} event as it came, and cut out of the event again by the
 * readers of {@code job-events} ({@link #readObjectKeepingRaw}), never built into a tree on the way.
 *
 * <p>Equal when the bytes are equal: two instances written from equal trees by the same mapper are equal.
 */
@JsonSerialize(using = RawJson.Writing.class)
@JsonDeserialize(using = RawJson.Reading.class)
public final class RawJson {

    /** Only tokenizes bytes this class already holds: no codec, no configuration, safe to share between threads. */
    private static final JsonFactory TOKENS = new JsonFactory();

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

    /**
     * {@code body} if it is one JSON object in UTF-8 and nothing else but whitespace; empty otherwise. Only tokenized
     * (under {@code mapper}'s limits: nesting depth, duplicate keys), not built into a tree. A body in another encoding
     * Jackson recognizes (UTF-16 or UTF-32, or with a byte order mark) is read and written again as UTF-8, so that the
     * bytes can be embedded in a UTF-8 document.
     *
     * @param mapper tokenizes the body; reads one that is not plain UTF-8, and writes it again
     */
    public static Optional<RawJson> ofObject(byte[] body, ObjectMapper mapper) {
        if (body == null || body.length == 0) {
            return Optional.empty();
        }
        try {
            if (!plainUtf8(body)) {
                JsonNode tree = mapper.readTree(body);
                return tree != null && tree.isObject()
                        ? Optional.of(new RawJson(mapper.writeValueAsBytes(tree)))
                        : Optional.empty();
            }
            try (JsonParser parser = mapper.createParser(body)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    return Optional.empty();
                }
                parser.skipChildren();
                return parser.nextToken() == null ? Optional.of(new RawJson(body)) : Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** No byte order mark and no zero byte among the first two: not UTF-16 or UTF-32, so UTF-8 as JSON must be. */
    private static boolean plainUtf8(byte[] body) {
        boolean bom = body.length >= 3 && (body[0] & 0xFF) == 0xEF && (body[1] & 0xFF) == 0xBB
                && (body[2] & 0xFF) == 0xBF;
        return !bom && body[0] != 0 && (body.length < 2 || body[1] != 0);
    }

    /**
     * The JSON object {@code json} as a tree, except for the top-level field {@code rawField} when it holds an object:
     * that value is cut out as the bytes it was written as and put in the tree as an embedded {@link RawJson}, which a
     * field of type {@code RawJson} then takes as it is ({@link Reading}). A reader of events whose response it only
     * passes on uses this instead of building the response into a tree.
     */
    public static ObjectNode readObjectKeepingRaw(byte[] json, String rawField, ObjectMapper mapper)
            throws IOException {
        try (JsonParser parser = mapper.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new JsonParseException(parser, "expected a JSON object");
            }
            ObjectNode tree = mapper.createObjectNode();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.START_OBJECT && name.equals(rawField)) {
                    int start = Math.toIntExact(parser.currentTokenLocation().getByteOffset());
                    skipWithoutDuplicateCheck(parser);
                    int end = Math.toIntExact(parser.currentLocation().getByteOffset());
                    tree.putPOJO(name, new RawJson(Arrays.copyOfRange(json, start, end)));
                } else {
                    tree.set(name, mapper.readTree(parser));
                }
            }
            return tree;
        }
    }

    /**
     * Skips the object {@code parser} is at without looking for duplicate keys in it: its bytes became a {@code RawJson}
     * only after that check ({@link #ofObject}), and checking every key of a provider's answer again on each read took
     * 8 % of the job store thread's samples in a profile of end to end. The enclosing object keeps its check: switching
     * the feature off here clears the detector of the object being skipped (and so of everything nested in it), and
     * switching it on again leaves the enclosing object's detector as it was.
     */
    private static void skipWithoutDuplicateCheck(JsonParser parser) throws IOException {
        boolean checking = parser.isEnabled(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        parser.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        parser.skipChildren();
        if (checking) {
            parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        }
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
     * The top-level field {@code name} of this object when it is a string; null when it is not a string, or absent,
     * or this is not an object. The other fields are skipped, not built into a tree.
     */
    public String topLevelText(String name) {
        try (JsonParser parser = TOKENS.createParser(utf8)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                boolean wanted = name.equals(parser.currentName());
                JsonToken value = parser.nextToken();
                if (wanted) {
                    return value == JsonToken.VALUE_STRING ? parser.getText() : null;
                }
                parser.skipChildren();
            }
            return null;
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
     * Takes an embedded {@code RawJson} as it is (a tree from {@link #readObjectKeepingRaw}); reads any other value
     * in place through a tree, which keeps numbers exactly as the reading mapper does.
     */
    static final class Reading extends JsonDeserializer<RawJson> {
        @Override
        public RawJson deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() == JsonToken.VALUE_EMBEDDED_OBJECT
                    && parser.getEmbeddedObject() instanceof RawJson raw) {
                return raw;
            }
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
