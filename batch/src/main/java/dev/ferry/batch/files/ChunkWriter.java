package dev.ferry.batch.files;

import dev.ferry.core.error.FerryException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Writes one file's bytes to the {@code files} topic as they arrive, in chunks of a fixed size, with at most a few
 * chunks unacknowledged at a time: an upload holds one chunk being filled and those in flight, never the file.
 */
public final class ChunkWriter {

    private static final int MAX_UNACKED_CHUNKS = 4;
    private static final long ACK_TIMEOUT_SECONDS = 30;

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final String fileId;
    private final int partition;
    private final byte[] chunk;
    private final Deque<Future<RecordMetadata>> unacked = new ArrayDeque<>();
    private int filled;
    private int chunks;
    private long bytes;
    private long firstOffset = -1;
    private long lastOffset = -1;

    public ChunkWriter(Producer<String, byte[]> producer, String topic, String fileId, int partition, int chunkBytes) {
        this.producer = producer;
        this.topic = topic;
        this.fileId = fileId;
        this.partition = partition;
        this.chunk = new byte[chunkBytes];
    }

    public void write(byte[] data, int offset, int length) {
        bytes += length;
        while (length > 0) {
            int taken = Math.min(length, chunk.length - filled);
            System.arraycopy(data, offset, chunk, filled, taken);
            filled += taken;
            offset += taken;
            length -= taken;
            if (filled == chunk.length) {
                send();
            }
        }
    }

    /** Sends what is left and waits until Kafka has every chunk. */
    public void finish() {
        if (filled > 0 || chunks == 0) {
            send();
        }
        while (!unacked.isEmpty()) {
            awaitOldest();
        }
    }

    /** Tombstones the chunks sent so far, for an upload that failed; does not wait. */
    public void discard() {
        for (int i = 0; i < chunks; i++) {
            producer.send(new ProducerRecord<>(topic, partition, FileChunks.key(fileId, i), null));
        }
    }

    public long bytes() {
        return bytes;
    }

    public int chunks() {
        return chunks;
    }

    public int partition() {
        return partition;
    }

    public long firstOffset() {
        return firstOffset;
    }

    public long lastOffset() {
        return lastOffset;
    }

    private void send() {
        byte[] value = java.util.Arrays.copyOf(chunk, filled);
        unacked.add(producer.send(new ProducerRecord<>(topic, partition, FileChunks.key(fileId, chunks), value)));
        chunks++;
        filled = 0;
        while (unacked.size() > MAX_UNACKED_CHUNKS) {
            awaitOldest();
        }
    }

    private void awaitOldest() {
        try {
            RecordMetadata written = unacked.removeFirst().get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (firstOffset < 0) {
                firstOffset = written.offset();
            }
            lastOffset = Math.max(lastOffset, written.offset());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FerryException.QueueUnavailable("the upload was interrupted; nothing was stored");
        } catch (ExecutionException | TimeoutException e) {
            throw new FerryException.QueueUnavailable("Kafka did not take the file; nothing was stored, retry shortly");
        }
    }
}
