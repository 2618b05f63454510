package dev.ferry.mockprovider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Builds a JSON instance that validates against a JSON Schema, deterministically: the same schema and seed text
 * always give the same instance. It covers what structured-output and tool schemas use (the subset OpenAI's strict
 * mode accepts, and what Zod and Pydantic generate): {@code type} (or a list of types), {@code properties} with every
 * property filled in, {@code items}, {@code prefixItems}, {@code enum}, {@code const}, {@code anyOf}/{@code oneOf}
 * (the first branch), {@code allOf} (merged), {@code $ref} to {@code #/$defs/…} or {@code #/definitions/…}, string
 * lengths and formats, number bounds and {@code multipleOf}, array lengths. A recursive schema stops at an optional
 * property or the shortest array it allows.
 */
final class MockJsonInstance {

    private static final int MAX_DEPTH = 12;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonNode root;
    private final String seedText;

    /**
     * @param root the whole schema, for resolving {@code $ref}
     * @param seedText what strings are made of (the request's input), so answers still echo the question
     */
    MockJsonInstance(JsonNode root, String seedText) {
        this.root = root;
        this.seedText = seedText.isBlank() ? "mock" : seedText.strip();
    }

    JsonNode build() {
        return instance(root, "value", 0);
    }

    private JsonNode instance(JsonNode schema, String name, int depth) {
        if (schema == null || !schema.isObject() || depth > MAX_DEPTH) {
            return NODES.nullNode();
        }
        if (schema.has("$ref")) {
            return instance(resolve(schema.get("$ref").asText()), name, depth + 1);
        }
        if (schema.has("const")) {
            return schema.get("const").deepCopy();
        }
        if (schema.path("enum").isArray() && !schema.get("enum").isEmpty()) {
            return schema.get("enum").get(0).deepCopy();
        }
        for (String union : new String[] {"anyOf", "oneOf"}) {
            if (schema.path(union).isArray() && !schema.get(union).isEmpty()) {
                return instance(firstNonNull(schema.get(union)), name, depth + 1);
            }
        }
        if (schema.path("allOf").isArray()) {
            return instance(merged(schema), name, depth + 1);
        }
        switch (type(schema)) {
            case "object": return object(schema, depth);
            case "array": return array(schema, name, depth);
            case "string": return NODES.textNode(string(schema, name));
            case "integer": return NODES.numberNode((long) number(schema, true));
            case "number": return NODES.numberNode(number(schema, false));
            case "boolean": return NODES.booleanNode(true);
            case "null": return NODES.nullNode();
            default: return NODES.textNode(string(schema, name));
        }
    }

    private ObjectNode object(JsonNode schema, int depth) {
        ObjectNode object = NODES.objectNode();
        JsonNode properties = schema.path("properties");
        JsonNode required = schema.path("required");
        Iterator<Map.Entry<String, JsonNode>> fields = properties.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            boolean isRequired = contains(required, field.getKey());
            if (isRequired || depth < MAX_DEPTH / 2) {
                object.set(field.getKey(), instance(field.getValue(), field.getKey(), depth + 1));
            }
        }
        return object;
    }

    private ArrayNode array(JsonNode schema, String name, int depth) {
        ArrayNode array = NODES.arrayNode();
        JsonNode prefix = schema.path("prefixItems");
        for (JsonNode item : prefix) {
            array.add(instance(item, name, depth + 1));
        }
        int min = schema.path("minItems").asInt(0);
        int max = schema.path("maxItems").asInt(Integer.MAX_VALUE);
        int wanted = Math.min(max, Math.max(min, depth < MAX_DEPTH / 2 ? 1 : 0));
        JsonNode items = schema.get("items");
        while (array.size() < wanted && items != null && items.isObject()) {
            array.add(instance(items, name, depth + 1));
        }
        return array;
    }

    private String string(JsonNode schema, String name) {
        String format = schema.path("format").asText("");
        String text;
        switch (format) {
            case "date-time": text = "2024-01-01T00:00:00Z"; break;
            case "date": text = "2024-01-01"; break;
            case "time": text = "00:00:00Z"; break;
            case "email": text = "mock@example.com"; break;
            case "uri": case "url": text = "https://example.com/mock"; break;
            case "uuid": text = "00000000-0000-4000-8000-000000000000"; break;
            default: text = name + ": " + seedText;
        }
        int max = schema.path("maxLength").asInt(Integer.MAX_VALUE);
        int min = schema.path("minLength").asInt(0);
        if (text.length() > max) {
            text = text.substring(0, max);
        }
        StringBuilder padded = new StringBuilder(text);
        while (padded.length() < min) {
            padded.append('x');
        }
        return padded.toString();
    }

    private static double number(JsonNode schema, boolean integer) {
        double low = schema.has("minimum") ? schema.get("minimum").asDouble() : Double.NEGATIVE_INFINITY;
        double high = schema.has("maximum") ? schema.get("maximum").asDouble() : Double.POSITIVE_INFINITY;
        double step = schema.path("multipleOf").asDouble(integer ? 1 : 0);
        if (schema.path("exclusiveMinimum").isNumber()) {
            low = Math.max(low, schema.get("exclusiveMinimum").asDouble() + (step > 0 ? step : integer ? 1 : 0.5));
        }
        if (schema.path("exclusiveMaximum").isNumber()) {
            high = Math.min(high, schema.get("exclusiveMaximum").asDouble() - (step > 0 ? step : integer ? 1 : 0.5));
        }
        double value = low > 0 ? low : high < 0 ? high : 0;
        if (step > 0) {
            value = Math.ceil(value / step) * step;
        }
        return integer ? Math.ceil(value) : value;
    }

    private static String type(JsonNode schema) {
        JsonNode type = schema.get("type");
        if (type != null && type.isTextual()) {
            return type.asText();
        }
        if (type != null && type.isArray()) {
            for (JsonNode option : type) {
                if (!"null".equals(option.asText())) {
                    return option.asText();
                }
            }
            return "null";
        }
        if (schema.has("properties")) {
            return "object";
        }
        return schema.has("items") ? "array" : "string";
    }

    private static JsonNode firstNonNull(JsonNode branches) {
        for (JsonNode branch : branches) {
            if (!"null".equals(branch.path("type").asText())) {
                return branch;
            }
        }
        return branches.get(0);
    }

    private ObjectNode merged(JsonNode schema) {
        ObjectNode merged = ((ObjectNode) schema).deepCopy();
        merged.remove("allOf");
        ObjectNode properties = NODES.objectNode();
        ArrayNode required = NODES.arrayNode();
        for (JsonNode part : schema.get("allOf")) {
            JsonNode resolved = part.has("$ref") ? resolve(part.get("$ref").asText()) : part;
            resolved.fields().forEachRemaining(field -> {
                if (field.getKey().equals("properties")) {
                    properties.setAll((ObjectNode) field.getValue());
                } else if (field.getKey().equals("required")) {
                    required.addAll((ArrayNode) field.getValue());
                } else if (!merged.has(field.getKey())) {
                    merged.set(field.getKey(), field.getValue());
                }
            });
        }
        if (!properties.isEmpty()) {
            properties.setAll(merged.has("properties") ? (ObjectNode) merged.get("properties") : NODES.objectNode());
            merged.set("properties", properties);
        }
        if (!required.isEmpty()) {
            merged.set("required", required);
        }
        return merged;
    }

    private JsonNode resolve(String ref) {
        if (!ref.startsWith("#")) {
            return NODES.objectNode();
        }
        JsonNode target = root.at(ref.substring(1));
        return target.isMissingNode() ? NODES.objectNode() : target;
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode item : array) {
            if (value.equals(item.asText())) {
                return true;
            }
        }
        return false;
    }
}
