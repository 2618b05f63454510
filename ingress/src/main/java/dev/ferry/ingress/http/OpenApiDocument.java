package dev.ferry.ingress.http;

import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /openapi.json}: the OpenAPI 3.1 document of every route, one file in this module's resources
 * ({@code dev/ferry/ingress/openapi.json}), served as written. {@code OpenApiDocumentIT} keeps it true: every
 * registered route is documented, every documented route exists, and real responses match its schemas.
 */
final class OpenApiDocument {

    static final String PATH = "/openapi.json";
    static final String RESOURCE = "/dev/ferry/ingress/openapi.json";

    private final byte[] document;

    private OpenApiDocument(byte[] document) {
        this.document = document;
    }

    static OpenApiDocument load() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the ingress jar");
            }
            return new OpenApiDocument(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void register(RoutesConfig routes) {
        routes.get(PATH, ctx -> ctx.contentType("application/json").result(document));
    }
}
