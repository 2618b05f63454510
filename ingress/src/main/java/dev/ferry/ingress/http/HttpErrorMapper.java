package dev.ferry.ingress.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.error.FerryException;
import dev.ferry.ingress.ops.TooManyRequests;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.MethodNotAllowedResponse;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where failures become HTTP statuses and OpenAI-style error bodies. */
final class HttpErrorMapper {

    private static final Logger log = LoggerFactory.getLogger(HttpErrorMapper.class);

    private static final String WROTE_ERROR = "ferry.wrote-error";

    private final ObjectMapper mapper;
    private final TooManyRequests tooManyRequests;

    HttpErrorMapper(ObjectMapper mapper, TooManyRequests tooManyRequests) {
        this.mapper = mapper;
        this.tooManyRequests = tooManyRequests;
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
                tooManyRequests.count(TooManyRequests.Reason.ofCode(limited.code()));
            } else if (ferry instanceof FerryException.AuthenticationFailed) {
                // a browser opening the operator page asks for a user and password
                ctx.header("WWW-Authenticate", Callers.isOperatorPath(ctx)
                        ? "Basic realm=\"ferry operators\", charset=\"UTF-8\"" : "Bearer realm=\"ferry\"");
            }
        } else if (cause instanceof MethodNotAllowedResponse notAllowed) {
            ctx.header("Allow", notAllowed.getDetails().getOrDefault("availableMethods", ""));
            methodNotAllowed(ctx);
        } else if (cause instanceof HttpResponseException http) {
            write(ctx, http.getStatus(), http.getStatus() == 413 ? "invalid_request_error" : typeOf(http.getStatus()),
                    http.getMessage(), null, http.getStatus() == 413 ? "payload_too_large" : null);
        } else {
            log.error("A request failed unexpectedly: method={} path={}.", ctx.method(), ctx.path(), cause);
            write(ctx, 500, "server_error", "internal server error", null, "internal_error");
        }
    }

    /** 405 for a known route asked with another method, naming the allowed ones (the {@code Allow} header). */
    void methodNotAllowed(Context ctx) {
        String allowed = ctx.res().getHeader("Allow");
        write(ctx, 405, "invalid_request_error", ctx.method() + " is not allowed on " + ctx.path()
                + (allowed == null ? "" : "; allowed: " + allowed), null, "method_not_allowed");
    }

    /**
     * Makes this the server's one error mapping: every exception, 405 with {@code Allow} for a known route asked
     * with another method, and 404 for paths without a route.
     */
    void register(io.javalin.config.RoutesConfig routes) {
        routes.exception(Exception.class, this::handle);
        routes.error(405, "*", ctx -> {
            if (!wroteError(ctx)) {
                methodNotAllowed(ctx);
            }
        });
        routes.error(404, "*", ctx -> {
            if (!wroteError(ctx)) {
                write(ctx, 404, "invalid_request_error", "no route for " + ctx.method() + " " + ctx.path(), null,
                        "unknown_route");
            }
        });
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
        } else if (e instanceof FerryException.PermissionDenied) {
            return 403;
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
        if (status == 403) {
            return "permission_error";
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
