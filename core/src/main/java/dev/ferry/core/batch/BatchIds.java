package dev.ferry.core.batch;

import dev.ferry.core.topic.KeyPartitions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;
import org.apache.kafka.common.utils.Utils;

/**
 * The ids of batches, files and batch lines. A line's job id is derived from its batch id and line index, and chosen
 * among name-based UUIDs so that it lands in the batch's own partition: the line jobs of a batch, their events and the
 * batch's records are then folded by one job-store task, and expanding a batch again after a crash writes the very
 * same job ids. Output files are named after their batch, so they need no record of their own.
 */
public final class BatchIds {

    private static final String OUTPUT_SUFFIX = "-output";
    private static final String ERRORS_SUFFIX = "-errors";
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private BatchIds() {
    }

    public static String newBatchId() {
        return "batch_" + UUID.randomUUID().toString().replace("-", "");
    }

    public static String newFileId() {
        return "file-" + UUID.randomUUID().toString().replace("-", "");
    }

    /**
     * The job id of line {@code index} (0-based, among the file's request lines) of a batch: the first of the
     * name-based UUIDs of {@code "<batchId>/<index>/<salt>"}, salt = 0, 1, 2…, that lands in the batch's partition.
     * About {@code partitions} candidates are tried, so each one is hashed from a copy of the digest of the part they
     * share and tested as ASCII bytes; only the one chosen becomes a string.
     */
    public static String lineJobId(String batchId, int index, int partitions) {
        int wanted = KeyPartitions.partitionFor(batchId, partitions);
        MessageDigest prefix = md5();
        prefix.update((batchId + "/" + index + "/").getBytes(StandardCharsets.UTF_8));
        byte[] candidate = new byte[36];
        for (int salt = 0; ; salt++) {
            MessageDigest digest = copyOf(prefix);
            digest.update(Integer.toString(salt).getBytes(StandardCharsets.US_ASCII));
            writeNameUuid(digest.digest(), candidate);
            if (Utils.toPositive(Utils.murmur2(candidate)) % partitions == wanted) {
                return new String(candidate, StandardCharsets.US_ASCII);
            }
        }
    }

    private static MessageDigest copyOf(MessageDigest digest) {
        try {
            return (MessageDigest) digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's MD5 can be copied on every platform Ferry runs on", e);
        }
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has MD5", e);
        }
    }

    /** What {@code UUID.nameUUIDFromBytes(…).toString()} makes of an MD5 hash, as ASCII bytes into {@code out}. */
    private static void writeNameUuid(byte[] md5, byte[] out) {
        md5[6] = (byte) ((md5[6] & 0x0f) | 0x30); // version 3
        md5[8] = (byte) ((md5[8] & 0x3f) | 0x80); // IETF variant
        int at = 0;
        for (int i = 0; i < 16; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) {
                out[at++] = '-';
            }
            out[at++] = HEX[(md5[i] >> 4) & 0x0f];
            out[at++] = HEX[md5[i] & 0x0f];
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
