package dev.ferry.batch.expand;

import dev.ferry.batch.files.ChunkReader;
import dev.ferry.batch.files.JsonLines;
import dev.ferry.core.batch.FileRecord;
import dev.ferry.core.kafka.KafkaClientProperties;

/** Opens a stored file as JSON Lines, read back from the {@code files} topic as it is consumed. */
@FunctionalInterface
public interface BatchInput {

    /** An open file; closing it closes its reader. */
    interface Opened extends AutoCloseable {
        JsonLines lines();

        @Override
        void close();
    }

    Opened open(FileRecord file);

    /** Files read from Kafka, with lines up to {@code maxLineBytes}. */
    static BatchInput fromKafka(KafkaClientProperties kafka, String filesTopic, int chunkBytes, int maxLineBytes) {
        return file -> {
            ChunkReader reader = new ChunkReader(kafka, filesTopic, file, chunkBytes);
            JsonLines lines = new JsonLines(reader, maxLineBytes);
            return new Opened() {
                @Override
                public JsonLines lines() {
                    return lines;
                }

                @Override
                public void close() {
                    reader.close();
                }
            };
        };
    }
}
