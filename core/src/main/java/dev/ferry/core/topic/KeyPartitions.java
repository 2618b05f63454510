package dev.ferry.core.topic;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/** Which partition the producer's default partitioner sends a string key to. */
public final class KeyPartitions {

    private KeyPartitions() {
    }

    public static int partitionFor(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
