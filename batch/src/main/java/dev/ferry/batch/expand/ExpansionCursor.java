package dev.ferry.batch.expand;

/**
 * How far the expansion of one batch got, kept in the expander's offset commit: the commit stays on the batch's
 * {@code batch_created} record while its lines are written, and its metadata says which batch, how many lines Kafka
 * had acknowledged, and from which offset of the batch lane's partition lines written after that may lie. An
 * expander that takes the partition over reads the lane from there to find the lines written since, and goes on after
 * the last of them: no line is lost, and none is written twice.
 */
record ExpansionCursor(String batchId, int linesWritten, long scanFrom) {

    private static final String FORMAT = "ferry-expand-v1:";

    String encode() {
        return FORMAT + batchId + ":" + linesWritten + ":" + scanFrom;
    }

    /** The cursor in a commit's metadata, or null when there is none. */
    static ExpansionCursor decode(String metadata) {
        if (metadata == null || !metadata.startsWith(FORMAT)) {
            return null;
        }
        String[] parts = metadata.substring(FORMAT.length()).split(":");
        if (parts.length != 3) {
            return null;
        }
        try {
            return new ExpansionCursor(parts[0], Integer.parseInt(parts[1]), Long.parseLong(parts[2]));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
