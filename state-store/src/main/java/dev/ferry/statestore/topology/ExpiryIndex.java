package dev.ferry.statestore.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;

/**
 * Keys of the expiry index: the expiry instant as a big-endian long followed by the job id, so that RocksDB's byte
 * order is time order and one range scan finds every job that expired by a given instant.
 */
final class ExpiryIndex {

    private ExpiryIndex() {
    }

    static Bytes key(long expiresAtMs, String jobId) {
        byte[] id = jobId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES + id.length).putLong(expiresAtMs).put(id).array());
    }

    /** The smallest key of any job. */
    static Bytes lowest() {
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES).putLong(0L).array());
    }

    /** A key above every job that expires at or before {@code nowMs}. */
    static Bytes upTo(long nowMs) {
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES).putLong(nowMs + 1).array());
    }
}
