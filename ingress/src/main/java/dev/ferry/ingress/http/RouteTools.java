package dev.ferry.ingress.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;

/** What ingress lends the routes of a {@link RouteExtension}. */
public interface RouteTools {

    /** The principal the request was authenticated as; everything it creates belongs to it. */
    String owner(Context ctx);

    /**
     * Parses and checks a Responses create request exactly as ingress does for its own routes.
     *
     * @throws dev.ferry.core.error.FerryException.InvalidRequest naming the field at fault
     */
    ObjectNode parseResponsesRequest(byte[] body);

    /** For internal routes (under {@code /internal/}): refuses a caller without the cluster token. */
    void requireClusterToken(Context ctx);
}
