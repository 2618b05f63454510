package dev.ferry.ingress.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.error.FerryException;
import dev.ferry.providers.openai.AzureOpenAiKind;
import io.javalin.http.Context;
import java.util.regex.Pattern;

/**
 * What Azure's deployment routes ({@code /openai/openai/deployments/{deployment-id}/…}) add to a request: the
 * deployment names the model ({@code azure/<deployment-id>}), whatever the body says, and the client's
 * {@code api-version} query parameter is forwarded to Azure instead of the configured {@code AZURE_OPENAI_API_VERSION}.
 * Ferry accepts the version forms Azure publishes ({@code 2024-10-21}, {@code 2025-04-01-preview}, {@code preview},
 * {@code latest}, {@code v1}) and refuses anything else with a 400 naming {@code api-version}, so that nothing but a
 * version reaches Azure's query string.
 */
final class AzureDeployments {

    static final String PATH_PARAM = "deployment_id";
    static final String API_VERSION = "api-version";
    private static final Pattern DEPLOYMENT = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Pattern VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(-preview)?|preview|latest|v1");

    private AzureDeployments() {
    }

    /** The model a deployment route names. */
    static String model(Context ctx) {
        String deployment = ctx.pathParam(PATH_PARAM);
        if (!DEPLOYMENT.matcher(deployment).matches()) {
            throw new FerryException.InvalidRequest("invalid azure deployment id", "deployment-id");
        }
        return "azure/" + deployment;
    }

    /**
     * Checks the route's {@code api-version} at once, before the body is read.
     *
     * @return the version to forward, or null when the client sent none (the configured one is used)
     */
    static String apiVersion(Context ctx) {
        String version = ctx.queryParam(API_VERSION);
        if (version == null) {
            return null;
        }
        if (!VERSION.matcher(version).matches()) {
            throw new FerryException.InvalidRequest("api-version '" + version + "' is not an Azure OpenAI API "
                    + "version (yyyy-mm-dd, yyyy-mm-dd-preview, preview, latest or v1)", API_VERSION,
                    "invalid_api_version");
        }
        return version;
    }

    /** Carries the client's version to the provider call, on the sync and the async path alike. */
    static ObjectNode withApiVersion(ObjectNode request, String version) {
        if (version != null) {
            request.put(AzureOpenAiKind.API_VERSION_FIELD, version);
        }
        return request;
    }
}
