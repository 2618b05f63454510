package dev.ferry.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The AsyncAPI document says what the code does: its version, its schema files and every ce_type Ferry writes. */
class AsyncApiDocumentTest {

    private static final Path MODULE = Path.of("").toAbsolutePath();

    @SuppressWarnings("unchecked")
    private static Map<String, Object> document() throws Exception {
        try (InputStream in = Files.newInputStream(MODULE.resolve("asyncapi.yaml"))) {
            return new Yaml().load(in);
        }
    }

    private static JsonNode tree() throws Exception {
        return new ObjectMapper().valueToTree(document());
    }

    @Test
    void shouldBeAnAsyncApiThreeDocument() throws Exception {
        assertTrue(tree().path("asyncapi").asText().startsWith("3."));
    }

    @Test
    void shouldListExactlyTheCloudEventTypesFerryWrites() throws Exception {
        Set<String> documented = new HashSet<>();
        tree().path("components").path("messages").forEach(message ->
                message.path("x-ce-types").forEach(type -> documented.add(type.asText())));

        assertEquals(Set.copyOf(EventTypes.ALL), documented);
    }

    @Test
    void shouldPointEveryMessageAtASchemaFileThatIsAValidJsonSchema() throws Exception {
        List<String> refs = new ArrayList<>();
        tree().path("components").path("messages").forEach(message -> {
            refs.add(message.path("headers").path("schema").path("$ref").asText());
            refs.add(message.path("payload").path("schema").path("$ref").asText());
        });
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        JsonNode metaSchema = new ObjectMapper().readTree(
                "{\"$ref\":\"https://json-schema.org/draft/2020-12/schema\"}");

        assertEquals(4, refs.size());
        for (String ref : refs) {
            Path file = MODULE.resolve(ref).normalize();
            assertTrue(Files.isRegularFile(file), ref + " does not exist");
            JsonNode schema = new ObjectMapper().readTree(file.toFile());
            assertEquals(List.of(), registry.getSchema(metaSchema).validate(schema), ref + " is not a valid schema");
        }
    }

    @Test
    void shouldNameTheSchemaVersionsTheCodeWrites() throws Exception {
        JsonNode job = new ObjectMapper().readTree(MODULE.resolve("schemas/job-event.v1.json").toFile());
        JsonNode batch = new ObjectMapper().readTree(MODULE.resolve("schemas/batch-event.v1.json").toFile());

        assertEquals(EventTypes.JOB_SCHEMA.toString(), job.path("$id").asText());
        assertEquals(EventTypes.BATCH_SCHEMA.toString(), batch.path("$id").asText());
    }
}
