package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * {@code ferry batch run}: upload, create, follow with a progress bar (done / failed / total, rate and ETA),
 * download the output and error files. Each step's result is saved in the {@link RunState} before the next begins, so
 * a second run after an interruption picks up where the first stopped: it never uploads or creates twice.
 */
final class BatchRun {

    private static final Set<String> ENDED = Set.of("completed", "failed", "expired", "cancelled");

    private final FerryHttp http;
    private final PrintStream out;
    private final PrintStream err;
    private final Duration pollInterval;

    BatchRun(FerryHttp http, PrintStream out, PrintStream err, Duration pollInterval) {
        this.http = http;
        this.out = out;
        this.err = err;
        this.pollInterval = pollInterval;
    }

    int run(Path input, Path output, Path errors, String url) throws IOException, InterruptedException {
        if (!Files.isRegularFile(input)) {
            err.println("No such file: " + input);
            return BatchCommand.ERROR;
        }
        Path statePath = RunState.beside(output);
        String sha = RunState.sha256(input);
        Optional<RunState> saved = RunState.load(statePath, sha, url);
        RunState state = saved.orElse(new RunState(statePath, sha, url, null, null));
        if (state.batchId() != null) {
            err.println("Resuming batch " + state.batchId() + " (from " + statePath + ").");
        } else {
            state = submit(input, state.save());
        }
        JsonNode batch = follow(state.batchId());
        return finish(batch, output, errors, statePath);
    }

    private RunState submit(Path input, RunState state) throws IOException, InterruptedException {
        if (state.fileId() == null || !uploaded(state.fileId())) {
            err.println("Uploading " + input + " (" + Files.size(input) + " bytes)...");
            state = state.withFile(http.uploadBatchFile(input).path("id").asText());
        }
        JsonNode batch = http.createBatch(state.fileId(), "/v1/responses");
        err.println("Created batch " + batch.path("id").asText() + ".");
        return state.withBatch(batch.path("id").asText());
    }

    private boolean uploaded(String fileId) throws IOException, InterruptedException {
        try {
            http.file(fileId);
            return true;
        } catch (FerryHttp.Failure e) {
            if (e.status() == 404) {
                return false;
            }
            throw e;
        }
    }

    private JsonNode follow(String batchId) throws IOException, InterruptedException {
        JsonNode batch = http.batch(batchId);
        try (ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(batchId.length() > 14 ? batchId.substring(0, 14) + "…" : batchId)
                .setInitialMax(Math.max(1, total(batch)))
                .setStyle(ProgressBarStyle.ASCII)
                .setUnit(" lines", 1)
                .showSpeed()
                .setUpdateIntervalMillis(250)
                .setConsumer(new DelegatingProgressBarConsumer(line -> err.print("\r" + line), 100))
                .build()) {
            while (true) {
                int total = total(batch);
                JsonNode counts = batch.path("request_counts");
                int failed = counts.path("failed").asInt();
                if (total > 0) {
                    bar.maxHint(total);
                }
                bar.stepTo(counts.path("completed").asInt() + failed);
                bar.setExtraMessage(" " + batch.path("status").asText() + (failed > 0 ? ", " + failed + " failed" : ""));
                if (ENDED.contains(batch.path("status").asText())) {
                    break;
                }
                Thread.sleep(pollInterval.toMillis());
                batch = http.batch(batchId);
            }
        }
        err.println();
        return batch;
    }

    private int finish(JsonNode batch, Path output, Path errors, Path statePath)
            throws IOException, InterruptedException {
        String status = batch.path("status").asText();
        out.println(BatchCommand.summary(batch));
        if (status.equals("failed")) {
            for (JsonNode error : batch.path("errors").path("data")) {
                out.println("  line " + error.path("line").asText("-") + ": " + error.path("code").asText() + ": "
                        + error.path("message").asText());
            }
            return BatchCommand.VALIDATION_FAILED;
        }
        if (batch.hasNonNull("output_file_id")) {
            http.download(batch.path("output_file_id").asText(), output);
            out.println("Output: " + output);
        }
        if (batch.hasNonNull("error_file_id")) {
            http.download(batch.path("error_file_id").asText(), errors);
            out.println("Errors: " + errors);
        }
        out.println("(" + statePath + " remembers this batch; delete it to submit the file again.)");
        JsonNode counts = batch.path("request_counts");
        boolean allDone = status.equals("completed") && counts.path("failed").asInt() == 0;
        return allDone ? 0 : BatchCommand.LINES_FAILED;
    }

    private static int total(JsonNode batch) {
        return batch.path("request_counts").path("total").asInt();
    }
}
