package dev.ferry.batch.files;

import dev.ferry.core.topic.KeyPartitions;

/**
 * How a file's bytes lie on the {@code files} topic: in chunks keyed {@code <file id>/<chunk number>}, all in the
 * partition of the file id, in order. The topic is compacted, so a file's chunks stay until the file is deleted,
 * which writes a tombstone for each.
 */
public final class FileChunks {

    private FileChunks() {
    }

    public static String key(String fileId, int chunk) {
        return fileId + "/" + String.format("%07d", chunk);
    }

    public static boolean belongsTo(String key, String fileId) {
        return key != null && key.length() == fileId.length() + 8 && key.startsWith(fileId) && key.charAt(
                fileId.length()) == '/';
    }

    public static int partitionOf(String fileId, int partitions) {
        return KeyPartitions.partitionFor(fileId, partitions);
    }
}
