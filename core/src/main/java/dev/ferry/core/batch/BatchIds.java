package dev.ferry.core.batch;

import dev.ferry.core.topic.KeyPartitions;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The ids of batches, files and batch lines. A line's job id is derived from its batch id and line index, and chosen
 * among name-based UUIDs so that it lands in the batch's own partition: the line jobs of a batch, their events and the
 * batch's records are then folded by one job-store task, and expanding a batch again after a crash writes the very
 * same job ids. Output files are named after their batch, so they need no record of their own.
 */
public final class BatchIds {

    private static final String OUTPUT_SUFFIX = "-output";
    private static final String ERRORS_SUFFIX = "-errors";

    private BatchIds() {
    }

    public static String newBatchId() {
        return "batch_" + UUID.randomUUID().toString().replace("-", "");
    }

    public static String newFileId() {
        return "file-" + UUID.randomUUID().toString().replace("-", "");
    }

    /** The job id of line {@code index} (0-based, among the file's request lines) of a batch. */
    public static String lineJobId(String batchId, int index, int partitions) {
        int wanted = KeyPartitions.partitionFor(batchId, partitions);
        for (int salt = 0; ; salt++) {
            String candidate = UUID.nameUUIDFromBytes((batchId + "/" + index + "/" + salt)
                    .getBytes(StandardCharsets.UTF_8)).toString();
            if (KeyPartitions.partitionFor(candidate, partitions) == wanted) {
                return candidate;
            }
        }
    }

    /** {@code batch_req_…}: a line's id in the output and error files. */
    public static String requestId(String jobId) {
        return "batch_req_" + jobId.replace("-", "");
    }

    public static String outputFileId(String batchId) {
        return "file-" + batchId + OUTPUT_SUFFIX;
    }

    public static String errorFileId(String batchId) {
        return "file-" + batchId + ERRORS_SUFFIX;
    }

    /** The batch whose output or error file {@code fileId} is, or null for an uploaded file's id. */
    public static String batchOfOutput(String fileId) {
        if (!fileId.startsWith("file-batch_")) {
            return null;
        }
        String rest = fileId.substring("file-".length());
        if (rest.endsWith(OUTPUT_SUFFIX)) {
            return rest.substring(0, rest.length() - OUTPUT_SUFFIX.length());
        }
        if (rest.endsWith(ERRORS_SUFFIX)) {
            return rest.substring(0, rest.length() - ERRORS_SUFFIX.length());
        }
        return null;
    }

    public static boolean isErrorFile(String fileId) {
        return fileId.endsWith(ERRORS_SUFFIX);
    }

    /** Whether {@code id} could be a batch id Ferry made: anything else is answered as unknown at once. */
    public static boolean isBatchId(String id) {
        return id != null && id.length() == 38 && id.startsWith("batch_") && id.substring(6).matches("[0-9a-f]{32}");
    }

    /** Whether {@code id} could be an uploaded file's id Ferry made. */
    public static boolean isUploadedFileId(String id) {
        return id != null && id.length() == 37 && id.startsWith("file-") && id.substring(5).matches("[0-9a-f]{32}");
    }
}
