package dev.ferry.ingress.http;

import dev.ferry.core.error.FerryException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a request body up to a limit. A declared length over the limit is refused before anything is read; a chunked
 * body is refused as soon as it passes the limit, so an oversized body is never buffered whole.
 */
final class BoundedBody {

    private final int maxBytes;

    BoundedBody(long maxBytes) {
        this.maxBytes = (int) Math.min(Integer.MAX_VALUE - 1, maxBytes);
    }

    byte[] read(Context ctx) {
        if (ctx.req().getContentLengthLong() > maxBytes) {
            throw new FerryException.PayloadTooLarge(maxBytes);
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] body = in.readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                throw new FerryException.PayloadTooLarge(maxBytes);
            }
            return body;
        } catch (IOException e) {
            throw new FerryException.InvalidRequest("the request body could not be read", null, "invalid_body");
        }
    }
}
