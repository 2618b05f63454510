package dev.ferry.app;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Builds batch input files (JSON Lines of Responses requests) for tests. */
final class BatchJsonl {

    private BatchJsonl() {
    }

    static String line(String customId, String model, String input) {
        return "{\"custom_id\":\"" + customId + "\",\"method\":\"POST\",\"url\":\"/v1/responses\","
                + "\"body\":{\"model\":\"" + model + "\",\"input\":\"" + input + "\"}}";
    }

    /** {@code count} lines {@code <prefix>-0 …} to the mock's echo model. */
    static List<String> echoLines(String prefix, int count) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add(line(prefix + "-" + i, "mock/echo", "line " + i));
        }
        return lines;
    }

    static String file(List<String> lines) {
        return lines.stream().collect(Collectors.joining("\n", "", "\n"));
    }
}
