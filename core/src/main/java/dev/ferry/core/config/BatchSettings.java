package dev.ferry.core.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Batches and files (OpenAI's Files and Batch APIs on Ferry's job machinery).
 *
 * @param filesTopic file bytes, in chunks of at most {@code chunkBytes}
 * @param batchesTopic file and batch records (uploads finished, deletes, batches created, validated or rejected)
 * @param batchJobsTopic the batch lane: the line jobs of every batch, read by workers beside {@code jobs}
 * @param batchEventsTopic every change of a batch's status, written by the job store (the feed for webhooks)
 * @param expanderGroupId consumer group of the gateways that validate batches and expand them into line jobs
 * @param maxFileBytes the largest file accepted by an upload (OpenAI: 200 MB)
 * @param maxRequests the most lines one batch may have (OpenAI: 50,000)
 * @param laneShare the share of the in-flight capacity that batch lines may take on a worker that runs both lanes
 * @param completionWindow what {@code completion_window:"24h"} means; a batch not finished by then expires
 * @param lineResultTtl how long the results of a batch's lines (and so its output and error files) are kept
 * @param chunkBytes the size of the chunks file bytes travel in
 */
public record BatchSettings(
        String filesTopic,
        String batchesTopic,
        String batchJobsTopic,
        String batchEventsTopic,
        String expanderGroupId,
        long maxFileBytes,
        int maxRequests,
        double laneShare,
        Duration completionWindow,
        Duration lineResultTtl,
        int chunkBytes) {

    public BatchSettings {
        Objects.requireNonNull(filesTopic, "filesTopic");
        Objects.requireNonNull(batchesTopic, "batchesTopic");
        Objects.requireNonNull(batchJobsTopic, "batchJobsTopic");
        Objects.requireNonNull(batchEventsTopic, "batchEventsTopic");
        Objects.requireNonNull(expanderGroupId, "expanderGroupId");
        Objects.requireNonNull(completionWindow, "completionWindow");
        Objects.requireNonNull(lineResultTtl, "lineResultTtl");
        if (maxFileBytes < 1 || maxRequests < 1 || chunkBytes < 1024) {
            throw new IllegalArgumentException("batch limits must be positive");
        }
        if (!(laneShare > 0 && laneShare <= 1)) {
            throw new IllegalArgumentException("laneShare must be in (0, 1]");
        }
    }

    /** The defaults, as with no variable set. */
    public static BatchSettings defaults() {
        return from(new Env(java.util.Map.of()));
    }

    static BatchSettings from(Env env) {
        double share = env.fraction("FERRY_BATCH_LANE_SHARE", 0.05);
        if (share == 0) {
            env.problem("FERRY_BATCH_LANE_SHARE must be above 0: batch lines would never run");
            share = 0.05;
        }
        return new BatchSettings(
                env.string("FERRY_FILES_TOPIC", "files"),
                env.string("FERRY_BATCHES_TOPIC", "batches"),
                env.string("FERRY_BATCH_JOBS_TOPIC", "jobs-batch"),
                env.string("FERRY_BATCH_EVENTS_TOPIC", "batch-events"),
                env.string("FERRY_BATCH_EXPANDER_GROUP_ID", "ferry-batch-expander"),
                env.longValue("FERRY_BATCH_MAX_FILE_BYTES", 200_000_000L, 1024, 1L << 40),
                env.integer("FERRY_BATCH_MAX_REQUESTS", 50_000, 1, 10_000_000),
                share,
                env.seconds("FERRY_BATCH_WINDOW_SECONDS", Duration.ofHours(24), 1, 30L * 24 * 3600),
                env.seconds("FERRY_BATCH_RESULT_TTL_SECONDS", Duration.ofDays(30), 1, 365L * 24 * 3600),
                env.integer("FERRY_FILE_CHUNK_BYTES", 512 * 1024, 1024, 4 * 1024 * 1024));
    }
}
