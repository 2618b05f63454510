package dev.ferry.batch.expand;

import dev.ferry.batch.files.JsonLines;
import dev.ferry.core.batch.BatchLineError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The first pass over a batch's input: every line is checked, every bad one reported with its number (the first
 * {@link #MAX_REPORTED} of them), and the request lines counted. Only the custom ids are kept, to find duplicates.
 */
final class BatchValidation {

    static final int MAX_REPORTED = 1000;

    /** What the pass found: the number of request lines, and the bad ones. */
    record Outcome(int total, List<BatchLineError> errors) {
        boolean passed() {
            return errors.isEmpty();
        }
    }

    private BatchValidation() {
    }

    static Outcome run(JsonLines lines, LineValidator validator, int maxRequests) {
        Set<String> seen = new HashSet<>();
        List<BatchLineError> errors = new ArrayList<>();
        int total = 0;
        int bad = 0;
        while (lines.hasNext()) {
            JsonLines.Line line = lines.next();
            if (line.blank()) {
                continue;
            }
            total++;
            try {
                validator.check(line, seen);
            } catch (LineValidator.LineRejected rejected) {
                bad++;
                if (errors.size() < MAX_REPORTED) {
                    errors.add(rejected.error());
                }
            }
        }
        if (total == 0) {
            errors.add(new BatchLineError("empty_file", "the input file has no request lines", "input_file_id", null));
        } else if (total > maxRequests) {
            errors.add(0, new BatchLineError("batch_too_large", "the input file has " + total
                    + " requests; a batch may have at most " + maxRequests, "input_file_id", null));
        } else if (bad > errors.size()) {
            errors.add(new BatchLineError("too_many_errors", (bad - errors.size()) + " more lines are invalid",
                    null, null));
        }
        return new Outcome(total, errors);
    }
}
