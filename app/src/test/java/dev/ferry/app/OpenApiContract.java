package dev.ferry.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Ferry's OpenAPI document as served at {@code /openapi.json}, parsed by swagger-parser (which must accept it as
 * valid OpenAPI 3.1) and used to check real responses: each must have a documented status, and a JSON body must
 * conform to the documented schema (networknt's JSON Schema validator, draft 2020-12, the dialect of OpenAPI 3.1).
 */
final class OpenApiContract {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final OpenAPI openApi;
    private final JsonNode document;
    private final SchemaRegistry schemas = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private OpenApiContract(OpenAPI openApi, JsonNode document) {
        this.openApi = openApi;
        this.document = document;
    }

    static OpenApiContract parse(String text) {
        ParseOptions options = new ParseOptions();
        options.setResolve(false);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(text, null, options);
        if (result.getMessages() != null && !result.getMessages().isEmpty()) {
            throw new AssertionError("swagger-parser found problems: " + result.getMessages());
        }
        try {
            return new OpenApiContract(result.getOpenAPI(), JSON.readTree(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    OpenAPI openApi() {
        return openApi;
    }

    /** Every documented operation as {@code METHOD path}. */
    Set<String> operations() {
        Set<String> operations = new TreeSet<>();
        openApi.getPaths().forEach((path, item) -> item.readOperationsMap().keySet()
                .forEach(method -> operations.add(method.name() + " " + path)));
        return operations;
    }

    /**
     * What is wrong with a real answer to {@code method} on the documented {@code path}: an undocumented status, or a
     * JSON body that does not match the status's schema. Empty when it conforms.
     */
    List<String> violations(String method, String path, int status, String contentType, String body) {
        PathItem item = openApi.getPaths().get(path);
        if (item == null) {
            return List.of(path + " is not documented");
        }
        JsonNode responses = document.path("paths").path(path).path(method.toLowerCase(Locale.ROOT))
                .path("responses");
        if (responses.isMissingNode()) {
            return List.of(method + " " + path + " is not documented");
        }
        JsonNode response = responses.path(Integer.toString(status));
        if (response.isMissingNode()) {
            return List.of(method + " " + path + " answered " + status + ", which is not documented");
        }
        String mediaType = contentType == null ? "" : contentType.split(";")[0].trim();
        JsonNode schema = response.path("content").path(mediaType).path("schema");
        if (schema.isMissingNode()) {
            return response.path("content").isMissingNode() ? List.of()
                    : List.of(method + " " + path + " " + status + " answered " + mediaType + ", not documented");
        }
        if (!mediaType.equals("application/json")) {
            return List.of();
        }
        ObjectNode standalone = schema.deepCopy();
        standalone.set("components", document.path("components"));
        Schema compiled = schemas.getSchema(standalone);
        try {
            List<String> problems = new ArrayList<>();
            compiled.validate(JSON.readTree(body)).forEach(error -> problems.add(
                    method + " " + path + " " + status + ": " + error));
            return problems;
        } catch (IOException e) {
            return List.of(method + " " + path + " " + status + " answered a body that is not JSON: " + body);
        }
    }
}
