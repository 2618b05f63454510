package dev.ferry.batch.http;

import dev.ferry.core.error.FerryException;
import io.javalin.http.Context;

/** Shared checks of the batch routes' inputs. */
final class Limits {

    private Limits() {
    }

    /** {@code limit} between 1 and {@code max}, 20 by default (OpenAI's). */
    static int pageSize(Context ctx, int max) {
        String raw = ctx.queryParam("limit");
        if (raw == null) {
            return 20;
        }
        try {
            int limit = Integer.parseInt(raw.trim());
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new FerryException.InvalidRequest("'limit' must be a whole number from 1 to " + max, "limit");
    }

    /** The one answer for a file that does not exist, is someone else's or was deleted. */
    static FerryException fileNotFound() {
        return new FerryException.NotFound("No such file.", "file_id", "file_not_found");
    }

    /** The one answer for a batch that does not exist or is someone else's. */
    static FerryException batchNotFound() {
        return new FerryException.NotFound("No such batch.", "batch_id", "batch_not_found");
    }
}
