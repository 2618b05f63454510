package dev.ferry.app;

import java.util.ArrayList;
import dev.ferry.testsupport.Http;
import dev.ferry.testsupport.HttpResult;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /** Uploads {@code jsonl} as a {@code purpose=batch} file, the way an HTML form or an SDK does (multipart). */
    static HttpResult upload(String url, Map<String, String> credentials, String jsonl) {
        String boundary = "ferry-test-boundary";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n--"
                + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"in.jsonl\"\r\n"
                + "Content-Type: application/jsonl\r\n\r\n" + jsonl + "\r\n--" + boundary + "--\r\n";
        Map<String, String> headers = new HashMap<>(credentials);
        headers.put("Content-Type", "multipart/form-data; boundary=" + boundary);
        return Http.post(url, body, headers);
    }

    /** Creates a batch of the uploaded file {@code fileId} for {@code /v1/responses} in a 24 h window. */
    static HttpResult createBatch(String url, Map<String, String> credentials, String fileId) {
        return Http.post(url, "{\"input_file_id\":\"" + fileId
                + "\",\"endpoint\":\"/v1/responses\",\"completion_window\":\"24h\"}", credentials);
    }
}
