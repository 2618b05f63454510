package dev.ferry.ingress.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.error.FerryException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where failures become HTTP statuses and OpenAI-style error bodies. */
final class HttpErrorMapper {

    private static final Logger log = LoggerFactory.getLogger(HttpErrorMapper.class);

    private static final String WROTE_ERROR = "ferry.wrote-error";

    private final ObjectMapper mapper;

    HttpErrorMapper(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    void handle(Exception exception, Context ctx) {
        Throwable cause = unwrap(exception);
        if (cause instanceof FerryException ferry) {
            write(ctx, statusOf(ferry), typeOf(ferry), ferry.getMessage(), ferry.param(), ferry.code());
            if (ferry instanceof FerryException.StoreUnavailable unavailable) {
                ctx.header("Retry-After", Long.toString(Math.max(1, unavailable.retryAfter().toSeconds())));
            } else if (ferry instanceof FerryException.QueueUnavailable) {
                ctx.header("Retry-After", "1");
            } else if (ferry instanceof FerryException.RateLimited limited) {
                ctx.header("Retry-After", Long.toString(Math.max(1, limited.retryAfter().toSeconds())));
            } else if (ferry instanceof FerryException.AuthenticationFailed) {
                ctx.header("WWW-Authenticate", "Bearer realm=\"ferry\"");
            }
        } else if (cause instanceof HttpResponseException http) {
            write(ctx, http.getStatus(), http.getStatus() == 413 ? "invalid_request_error" : typeOf(http.getStatus()),
                    http.getMessage(), null, http.getStatus() == 413 ? "payload_too_large" : null);
        } else {
            log.error("A request failed unexpectedly: method={} path={}.", ctx.method(), ctx.path(), cause);
            write(ctx, 500, "server_error", "internal server error", null, "internal_error");
        }
    }

    /** True once this mapper wrote the response's error body. */
    static boolean wroteError(Context ctx) {
        return Boolean.TRUE.equals(ctx.attribute(WROTE_ERROR));
    }

    void write(Context ctx, int status, String type, String message, String param, String code) {
        ctx.attribute(WROTE_ERROR, Boolean.TRUE);
        ObjectNode error = mapper.createObjectNode();
        error.put("message", message);
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        ObjectNode body = mapper.createObjectNode();
        body.set("error", error);
        ctx.status(status).contentType("application/json").result(body.toString());
    }

    private static int statusOf(FerryException e) {
        if (e instanceof FerryException.InvalidRequest) {
            return 400;
        } else if (e instanceof FerryException.JobNotFound || e instanceof FerryException.NotFound) {
            return 404;
        } else if (e instanceof FerryException.PayloadTooLarge) {
            return 413;
        } else if (e instanceof FerryException.AuthenticationFailed) {
            return 401;
        } else if (e instanceof FerryException.RateLimited) {
            return 429;
        } else if (e instanceof FerryException.RequestTimeout) {
            return 408;
        }
        return 503;
    }

    private static String typeOf(FerryException e) {
        int status = statusOf(e);
        if (status == 503) {
            return "server_error";
        }
        return status == 401 ? "authentication_error" : status == 429 ? "rate_limit_error" : "invalid_request_error";
    }

    private static String typeOf(int status) {
        return status >= 500 ? "server_error" : "invalid_request_error";
    }

    private static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
