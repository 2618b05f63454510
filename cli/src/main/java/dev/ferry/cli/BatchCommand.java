package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;

/** {@code ferry batch run|status|cancel|list}. */
@Command(name = "batch", mixinStandardHelpOptions = true,
        description = "Run a JSONL file of Responses requests as a batch on any Ferry, and manage batches.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every line completed", "1:some lines failed, or the batch was cancelled or expired",
            "2:the batch failed validation (bad lines are listed)", "3:usage, connection or server error",
            "130:interrupted; run the same command again to resume the same batch"})
final class BatchCommand implements Runnable {

    static final int LINES_FAILED = 1;
    static final int VALIDATION_FAILED = 2;
    static final int ERROR = 3;
    static final int INTERRUPTED = 130;

    private final Map<String, String> environment;
    private final PrintStream out;
    private final PrintStream err;

    @Option(names = "--url", scope = ScopeType.INHERIT, description = "Ferry's base URL (default: $FERRY_URL, "
            + "else http://127.0.0.1:8080)")
    String url;

    @Option(names = "--api-key", scope = ScopeType.INHERIT,
            description = "API key (default: $FERRY_API_KEY, else $OPENAI_API_KEY)")
    String apiKey;

    BatchCommand(Map<String, String> environment, PrintStream out, PrintStream err) {
        this.environment = environment;
        this.out = out;
        this.err = err;
    }

    private FerryHttp http() {
        return new FerryHttp(baseUrl(), key());
    }

    private String baseUrl() {
        return url != null ? url : environment.getOrDefault("FERRY_URL", "http://127.0.0.1:8080");
    }

    private String key() {
        if (apiKey != null) {
            return apiKey;
        }
        return Optional.ofNullable(environment.get("FERRY_API_KEY")).orElse(environment.get("OPENAI_API_KEY"));
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Upload a JSONL file, run it as a batch "
            + "with a live progress bar, and download the results. Run again after an interruption to resume.")
    int run(@Parameters(paramLabel = "REQUESTS.jsonl", description = "one request per line: "
                    + "{\"custom_id\",\"method\":\"POST\",\"url\":\"/v1/responses\",\"body\":{…}}") Path input,
            @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE",
                    description = "where the output file goes")
                    Path output,
            @Option(names = {"-e", "--errors"}, paramLabel = "FILE", description = "where the error file goes "
                    + "(default: OUTPUT with "
                    + ".errors.jsonl)") Path errors,
            @Option(names = "--poll-interval-ms", defaultValue = "500", paramLabel = "MS",
                    description = "how often to poll (default: 500)")
                    long pollMs) {
        Path errorFile = errors != null ? errors : output.resolveSibling(stem(output) + ".errors.jsonl");
        return guarded(() -> new BatchRun(http(), out, err, Duration.ofMillis(pollMs))
                .run(input, output, errorFile, baseUrl()));
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Show a batch's status and counts.")
    int status(@Parameters(paramLabel = "BATCH_ID") String batchId) {
        return guarded(() -> {
            out.println(summary(http().batch(batchId)));
            return 0;
        });
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Cancel a batch: waiting lines never run, running calls are aborted.")
    int cancel(@Parameters(paramLabel = "BATCH_ID") String batchId) {
        return guarded(() -> {
            out.println(summary(http().cancel(batchId)));
            return 0;
        });
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List your batches, newest first.")
    int list(@Option(names = "--limit", defaultValue = "20", paramLabel = "N", description = "how many (default: 20)")
                    int limit,
            @Option(names = "--after", paramLabel = "BATCH_ID", description = "list those after this batch id")
                    String after) {
        return guarded(() -> {
            for (JsonNode batch : http().batches(limit, after).path("data")) {
                out.println(summary(batch));
            }
            return 0;
        });
    }

    /** One line per batch: id, status, counts. */
    static String summary(JsonNode batch) {
        JsonNode counts = batch.path("request_counts");
        return String.format("%s  %-11s  %d/%d done, %d failed", batch.path("id").asText(),
                batch.path("status").asText(), counts.path("completed").asInt() + counts.path("failed").asInt(),
                counts.path("total").asInt(), counts.path("failed").asInt());
    }

    private int guarded(Callable<Integer> action) {
        try {
            return action.call();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("Interrupted. Run the same command again to resume the same batch.");
            return INTERRUPTED;
        } catch (FerryHttp.Failure e) {
            err.println(e.getMessage());
            return ERROR;
        } catch (Exception e) {
            err.println("ferry batch failed: " + e);
            return ERROR;
        }
    }

    private static String stem(Path output) {
        String name = output.getFileName().toString();
        return name.endsWith(".jsonl") ? name.substring(0, name.length() - 6) : name;
    }

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(out);
    }
}
