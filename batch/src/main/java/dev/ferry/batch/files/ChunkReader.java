package dev.ferry.batch.files;

import dev.ferry.core.batch.FileRecord;
import dev.ferry.core.kafka.KafkaClientProperties;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A stored file's bytes, read back from the {@code files} topic chunk by chunk as the caller reads: a consumer of its
 * own is assigned the file's partition and reads from its first chunk to its last, skipping other files' chunks.
 * Memory stays within a few chunks whatever the file's size. Close it to close the consumer.
 */
public final class ChunkReader extends InputStream {

    private static final Duration POLL = Duration.ofMillis(500);
    private static final long STALL_TIMEOUT_MS = 30_000;

    private final KafkaConsumer<String, byte[]> consumer;
    private final FileRecord file;
    private Iterator<ConsumerRecord<String, byte[]>> polled = List.<ConsumerRecord<String, byte[]>>of().iterator();
    private byte[] chunk = new byte[0];
    private int position;
    private int nextChunk;
    private boolean done;

    public ChunkReader(KafkaClientProperties kafka, String topic, FileRecord file, int chunkBytes) {
        this.file = file;
        Properties props = kafka.consumer("ferry-file-reader");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Math.max(chunkBytes * 2, 1 << 20));
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Math.max(chunkBytes * 4, 4 << 20));
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 4);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        TopicPartition partition = new TopicPartition(topic, file.partition());
        consumer.assign(List.of(partition));
        consumer.seek(partition, Math.max(0, file.firstOffset()));
        this.done = file.chunks() == 0;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int read = read(one, 0, 1);
        return read < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        while (position == chunk.length) {
            if (done || !nextChunk()) {
                return -1;
            }
        }
        int taken = Math.min(length, chunk.length - position);
        System.arraycopy(chunk, position, into, offset, taken);
        position += taken;
        return taken;
    }

    private boolean nextChunk() throws IOException {
        long stalledSince = System.nanoTime();
        while (true) {
            while (polled.hasNext()) {
                ConsumerRecord<String, byte[]> record = polled.next();
                if (record.offset() > file.lastOffset()) {
                    done = true;
                    return false;
                }
                if (record.value() != null && FileChunks.belongsTo(record.key(), file.fileId())) {
                    chunk = record.value();
                    position = 0;
                    nextChunk++;
                    done = nextChunk >= file.chunks() || record.offset() >= file.lastOffset();
                    return true;
                }
            }
            if ((System.nanoTime() - stalledSince) / 1_000_000 > STALL_TIMEOUT_MS) {
                throw new IOException("the file's chunks could not be read from Kafka in time");
            }
            polled = consumer.poll(POLL).iterator();
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
